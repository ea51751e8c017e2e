/**
 * One run of a graph as the observability tools see it: its interpreters (one per island), its
 * async boundaries, and a process-wide registry of the runs still going. A snapshot reads the
 * state the runtime keeps anyway (port bits, per-connection counters, what stages report from
 * `introspect()`); nothing here runs per element.
 *
 * @module
 */
import type { RunSite } from './errors.js'
import type { Interpreter } from './Interpreter.js'
import { DOWN_DONE, FAILED, HAS_ELEM, IN_CLOSED, OUT_CLOSED, P_PUSH, PULLED, type Connection } from './ports.js'
import type { StageLogic } from './StageLogic.js'

/**
 * What a stage is doing: still running, or how it ended.
 *
 * @category observability
 * @since 0.1.0
 */
export type StageState = 'running' | 'completed' | 'failed' | 'cancelled'

/**
 * One stage in a {@link StreamSnapshot}.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StageSnapshot {
  /** Unique within the run; stable across snapshots of the same run. */
  readonly id: number
  /** The operator's name, or the one given with `.named(...)`; a fused chain joins its members with `+`. */
  readonly name: string
  /** For a fused chain (several operators run as one stage): its operators, upstream first. */
  readonly fused?: readonly string[]
  /** Where the user's code built the stage (`file:line:column`), when build sites are captured. */
  readonly builtAt?: string
  /** The island (the interpreter, between async boundaries) the stage runs in. */
  readonly island: number
  readonly state: StageState
  /** Elements the stage holds (a buffer, a queue, an async boundary's input buffer). */
  readonly buffered?: number
  /** Bound of that buffer. */
  readonly capacity?: number
  /** Elements being worked on outside the stream (Promises not settled yet). */
  readonly inFlight?: number
  /** Elements requested from a publisher (or across a boundary) and not received yet. */
  readonly requested?: number
  /** One line of stage-specific detail. */
  readonly detail?: string
}

/**
 * One end of a {@link ConnectionSnapshot}.
 *
 * @category observability
 * @since 0.1.0
 */
export interface PortSnapshot {
  /** The stage's id in {@link StreamSnapshot.stages}. */
  readonly stage: number
  /** The port as errors print it: `map.out`, `zip.in1`. */
  readonly port: string
}

/**
 * A connection between an outlet and an inlet, or an async boundary between two islands.
 *
 * @category observability
 * @since 0.1.0
 */
export interface ConnectionSnapshot {
  readonly from: PortSnapshot
  readonly to: PortSnapshot
  /** An async boundary (`.async()`): demand crosses it in batches. */
  readonly async: boolean
  /** Elements requested downstream and not delivered yet (0 or 1 on a synchronous connection). */
  readonly demand: number
  /** Elements waiting on the connection (an async boundary's buffer; 0 or 1 on a synchronous one). */
  readonly buffered: number
  /** An element was pushed and the downstream stage has not taken it yet. */
  readonly elementInFlight: boolean
  /** Elements that crossed the connection so far. */
  readonly elements: number
  /** Requests (pulls) made on it so far. */
  readonly requests: number
  /** Both ends are done with it. */
  readonly closed: boolean
  /** Time since an element last crossed, measured at the granularity of observations (`null`: none seen since the first look). */
  readonly msSinceElement: number | null
  /** Time since demand was last signalled, measured at the granularity of observations (`null`: none seen since the first look). */
  readonly msSinceDemand: number | null
}

/**
 * The state of one running (or finished) stream: plain data, serialisable with `JSON.stringify`.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StreamSnapshot {
  /** Unique in the process. */
  readonly id: number
  /** `RunOptions.name`, or `stream-<id>`. */
  readonly name: string
  /** Where the graph was run from (`file:line:column`), when the host records stacks. */
  readonly runSite?: string
  /** Wall-clock time the run started and the snapshot was taken (ms since the epoch). */
  readonly startedAt: number
  readonly takenAt: number
  readonly state: StageState
  readonly stages: readonly StageSnapshot[]
  readonly connections: readonly ConnectionSnapshot[]
}

/** The two halves of an async boundary. @internal */
export interface BoundaryPair {
  readonly up: StageLogic
  readonly down: StageLogic
}

/** What a connection looked like when it was last observed (see {@link Run.observe}). @internal */
interface Observed {
  pushes: number
  pulls: number
  pushAt: number
  pullAt: number
}

let nextRunId = 1
/**
 * The runs not finished yet, held weakly: watching a run must not keep it alive. A run that can
 * still make progress is reachable anyway (from a timer, a socket, a pending Promise it waits
 * for); one that nothing references can never move again, and is let go.
 */
const running = new Set<WeakRef<Run>>()
let addsSinceSweep = 0

/** Drops the entries of runs the garbage collector took (they never finished). */
function sweep(): void {
  addsSinceSweep = 0
  for (const ref of running) if (ref.deref() === undefined) running.delete(ref)
}

/**
 * One run of a graph.
 *
 * @internal
 */
export class Run {
  readonly id = nextRunId++
  readonly name: string
  readonly startedAt = Date.now()
  readonly interpreters: Interpreter[] = []
  readonly boundaries: BoundaryPair[] = []
  private nextStage = 0
  private alive = 0
  finishedAt = 0
  /** Per connection: what the last observation saw. Only filled once someone looks. */
  private readonly observed = new WeakMap<Connection, Observed>()

  constructor(
    name: string | undefined,
    readonly site: RunSite | undefined,
  ) {
    this.name = name ?? `stream-${this.id}`
  }

  private ref: WeakRef<Run> | null = null

  /** @internal */
  addInterpreter(it: Interpreter): void {
    this.interpreters.push(it)
    if (this.alive++ === 0) {
      if (++addsSinceSweep >= 4096) sweep()
      running.add((this.ref = new WeakRef(this)))
    }
  }

  /** @internal */
  interpreterFinished(): void {
    if (--this.alive === 0) {
      this.finishedAt = Date.now()
      if (this.ref !== null) running.delete(this.ref)
      this.ref = null
    }
  }

  /** A fresh stage id. @internal */
  stageId(): number {
    return this.nextStage++
  }

  get finished(): boolean {
    return this.alive === 0
  }

  /** The stages that deliver to `owner` without a connection (the sinks of the substreams it runs). */
  feeding(owner: StageLogic): StageLogic[] {
    const out: StageLogic[] = []
    for (const it of this.interpreters) for (const logic of it.logics) if (logic.feeds() === owner) out.push(logic)
    return out
  }

  /** Every stage of the run that is still known (stopped substream stages are forgotten in time). */
  stages(): StageLogic[] {
    const out: StageLogic[] = []
    for (const it of this.interpreters) for (const logic of it.logics) out.push(logic)
    return out
  }

  /**
   * Records what `conn` looks like now and returns when it last moved. Movement seen since the
   * previous observation is dated now: times are as fine as the observations.
   */
  observe(conn: Connection, now: number): Observed {
    let o = this.observed.get(conn)
    if (o === undefined) {
      // What moved before the first look is not dated: `null` until the next movement.
      o = { pushes: conn.pushes, pulls: conn.pulls, pushAt: -1, pullAt: -1 }
      this.observed.set(conn, o)
      return o
    }
    if (o.pushes !== conn.pushes) {
      o.pushes = conn.pushes
      o.pushAt = now
    }
    if (o.pulls !== conn.pulls) {
      o.pulls = conn.pulls
      o.pullAt = now
    }
    return o
  }

  /**
   * Sum of every counter in the run: unchanged between two looks means nothing moved. Also
   * records each connection's movement (so snapshots of a watched run date it finely). @internal
   */
  movement(): number {
    let total = 0
    const now = Date.now()
    for (const logic of this.stages()) {
      for (const inlet of logic.inlets) {
        const c = inlet.conn
        if (c === null) continue
        total += c.pushes + c.pulls
        this.observe(c, now)
      }
      total += logic.progress()
    }
    return total
  }

  /** The run's state as plain data. */
  snapshot(): StreamSnapshot {
    const now = Date.now()
    const logics = this.stages()
    const islandOf = new Map<Interpreter, number>()
    this.interpreters.forEach((it, i) => islandOf.set(it, i))
    const stages: StageSnapshot[] = []
    const connections: ConnectionSnapshot[] = []
    let failed = false
    for (const logic of logics) {
      const s = stageSnapshot(logic, islandOf.get(logic.interpreter) ?? 0)
      if (s.state === 'failed') failed = true
      stages.push(s)
      for (const inlet of logic.inlets) {
        const c = inlet.conn
        if (c === null) continue
        connections.push(this.connectionSnapshot(c, now))
      }
    }
    for (const b of this.boundaries) connections.push(boundarySnapshot(b))
    // A run that ended completed, unless a stage failed: stages cancelled on the way (upstream of a
    // `take`, of a `head`) are how a run that got what it needed ends.
    const state: StageState = !this.finished ? 'running' : failed ? 'failed' : 'completed'
    const runSite = this.site?.text
    return {
      id: this.id,
      name: this.name,
      ...(runSite === undefined ? {} : { runSite }),
      startedAt: this.startedAt,
      takenAt: now,
      state,
      stages,
      connections,
    }
  }

  private connectionSnapshot(c: Connection, now: number): ConnectionSnapshot {
    const o = this.observe(c, now)
    const s = c.state
    const closed = (s & (IN_CLOSED | OUT_CLOSED)) === (IN_CLOSED | OUT_CLOSED) || (s & IN_CLOSED) !== 0
    const waiting = (s & (HAS_ELEM | P_PUSH)) !== 0
    return {
      from: { stage: c.upLogic.rt.id, port: String(c.outlet) },
      to: { stage: c.downLogic.rt.id, port: String(c.inlet) },
      async: false,
      demand: !closed && (s & PULLED) !== 0 ? 1 : 0,
      buffered: waiting ? 1 : 0,
      elementInFlight: waiting,
      elements: c.pushes,
      requests: c.pulls,
      closed,
      msSinceElement: o.pushAt < 0 ? null : now - o.pushAt,
      msSinceDemand: o.pullAt < 0 ? null : now - o.pullAt,
    }
  }
}

function stageSnapshot(logic: StageLogic, island: number): StageSnapshot {
  const members = logic.members()
  const builtAt = logic.site?.text
  const info = logic.rt.stopped ? undefined : logic.introspect()
  return {
    id: logic.rt.id,
    name: logic.name,
    ...(members === undefined ? {} : { fused: members }),
    ...(builtAt === undefined ? {} : { builtAt }),
    island,
    state: stageState(logic),
    ...info,
  }
}

/**
 * How a stage ended, read from its ports: `failed` if it failed (its own error or one from
 * upstream), `cancelled` if downstream cancelled it before it completed, else `completed`. A sink
 * never reads `cancelled`: cancelling its upstream is how it finishes early (`head`, a fused
 * `take`). @internal
 */
export function stageState(logic: StageLogic): StageState {
  const rt = logic.rt
  if (rt.failed) return 'failed'
  if (!rt.stopped) return 'running'
  for (const out of logic.outlets) {
    const s = out.conn?.state ?? 0
    if ((s & FAILED) !== 0) return 'failed'
  }
  for (const out of logic.outlets) {
    const s = out.conn?.state ?? 0
    if ((s & DOWN_DONE) !== 0) return 'cancelled'
  }
  for (const inlet of logic.inlets) if (((inlet.conn?.state ?? 0) & FAILED) !== 0 && logic.outlets.length === 0) return 'failed'
  return 'completed'
}

function boundarySnapshot(b: BoundaryPair): ConnectionSnapshot {
  // A stopped half has let go of its buffer: it holds and asks for nothing.
  const up = b.up.rt.stopped ? undefined : b.up.introspect()
  const down = b.down.rt.stopped ? undefined : b.down.introspect()
  const elements = b.down.outlets[0]?.conn?.pushes ?? 0
  const closed = b.up.rt.stopped && b.down.rt.stopped
  return {
    from: { stage: b.up.rt.id, port: `${b.up.name}.out` },
    to: { stage: b.down.rt.id, port: `${b.down.name}.in` },
    async: true,
    demand: closed ? 0 : (up?.requested ?? 0),
    buffered: down?.buffered ?? 0,
    elementInFlight: false,
    elements: elements + (down?.buffered ?? 0),
    requests: b.up.inlets[0]?.conn?.pulls ?? 0,
    closed,
    msSinceElement: null,
    msSinceDemand: null,
  }
}

/**
 * A handle on one run of a graph: its name, where it was run from, and its live state. Get it
 * from `RunOptions.onStart` or {@link runningStreams}.
 *
 * @example
 * ```ts
 * let stream: RunningStream | undefined
 * const queue = Source.queue<string>(8).to(Sink.ignore()).run({ name: 'pings', onStart: (s) => (stream = s) })
 * queue.offer('ping')
 * stream!.name // 'pings'
 * console.log(formatSnapshot(stream!.snapshot()))
 * queue.complete()
 * ```
 * @category observability
 * @since 0.1.0
 */
export interface RunningStream {
  readonly id: number
  readonly name: string
  /** Wall-clock start (ms since the epoch). */
  readonly startedAt: number
  /** True once every stage of the run has stopped. */
  readonly finished: boolean
  /** The run's stages and connections right now, as plain data. */
  snapshot(): StreamSnapshot
}

/**
 * The streams of this process that are still running (every `run()` registers until its last
 * stage stops). A stream stuck waiting stays listed as long as anything can still wake it (a
 * timer, a socket, a Promise someone holds); one that nothing references any more can never
 * move again and is not kept alive for this list. `name` narrows the list to the runs given that
 * `RunOptions.name`.
 *
 * @example
 * ```ts
 * const queue = Source.queue<number>(8).to(Sink.ignore()).run({ name: 'numbers' })
 * runningStreams('numbers').length // 1
 * for (const s of runningStreams()) console.log(formatSnapshot(s.snapshot()))
 * queue.complete()
 * ```
 * @category observability
 * @since 0.1.0
 */
export function runningStreams(name?: string): RunningStream[] {
  const out: RunningStream[] = []
  for (const run of runningRuns()) if (name === undefined || run.name === name) out.push(run)
  return out
}

/** Every registered run that is still reachable (for the stall detector and metrics). @internal */
export function runningRuns(): Run[] {
  const out: Run[] = []
  for (const ref of running) {
    const run = ref.deref()
    if (run === undefined) running.delete(ref)
    else out.push(run)
  }
  return out
}
