/**
 * The stall detector: notices a run in which nothing has moved for a while and says which stage
 * holds it up, where that stage was built, and the chain of connections that leads there.
 *
 * It looks from the outside, on a timer: every check sums the run's per-connection counters
 * (which the runtime keeps anyway); a run whose sum has not changed for `thresholdMs` is stalled.
 * Only then is the graph walked: from each connection that has demand and no element, upstream
 * to the stage that owes an element and is not itself waiting for one; with no demand anywhere,
 * downstream to the stage that should ask and does not. Nothing runs per element, and nothing at
 * all while the detector is off.
 *
 * @module
 */
import { requirePositiveInt } from '../core/args.js'
import { type Run, runningRuns, type RunningStream, type StreamSnapshot } from '../core/Run.js'
import { HAS_ELEM, IN_CLOSED, OUT_CLOSED, P_PUSH, PULLED, type Connection } from '../core/ports.js'
import { defaultScheduler, type Scheduler, type TimerHandle } from '../core/Scheduler.js'
import type { StageLogic } from '../core/StageLogic.js'
import { shorten } from './format.js'

/**
 * A stage in a {@link StallReport}.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StalledStage {
  /** The stage's id in the run's snapshot. */
  readonly id: number
  readonly name: string
  /** Where the user's code built it (`file:line:column`), when build sites are captured. */
  readonly builtAt?: string
  /** What it holds, in a few words (`1 in flight`, `waiting for offer()`), when it says. */
  readonly holds?: string
}

/**
 * What the detector found.
 *
 * - `no-element`: downstream asked, and `culprit` has not emitted (and is not waiting for an
 *   element itself): a Promise that never settles, a source with nothing to give, a `zip` input
 *   that never emits.
 * - `no-demand`: nothing anywhere is asking; `culprit` is the stage that should ask and does not
 *   (a consumer that stopped requesting).
 * - `cycle`: the demand goes round a cycle of stages each waiting for the next (a graph cycle
 *   without a buffer); `path` is the cycle.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StallReport {
  readonly stream: { readonly id: number; readonly name: string; readonly runSite?: string }
  readonly kind: 'no-element' | 'no-demand' | 'cycle'
  /** How long nothing moved, when the report was made. */
  readonly stalledForMs: number
  readonly culprit: StalledStage
  /** The stages from where the waiting starts (the sink end) to the culprit. */
  readonly path: readonly StalledStage[]
  /** Every culprit, when the run is held up in more than one place (the first is `culprit`). */
  readonly culprits: readonly StalledStage[]
  /** The report as one paragraph for a log. */
  readonly message: string
  /** The whole run when the report was made. */
  readonly snapshot: StreamSnapshot
}

/**
 * A stalled run moved again.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StallResolved {
  readonly stream: { readonly id: number; readonly name: string }
  /** How long it had not moved. */
  readonly stalledForMs: number
  /** Who had been reported as holding it up. */
  readonly culprit: StalledStage
  /** The run ended (completed, failed or was cancelled) rather than moved on. */
  readonly finished: boolean
  readonly message: string
}

/**
 * Settings of the stall detector.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StallOptions {
  /** How long a run may go without any element or demand moving before it is reported (ms, default 10,000). */
  readonly thresholdMs?: number
  /** How often to look (ms, default a quarter of the threshold, at most 1,000). */
  readonly checkEveryMs?: number
  /** Receives each stall once (default: `console.warn(report.message)`). */
  readonly onStall?: (report: StallReport) => void
  /** Receives the news that a reported run moves again (default: `console.warn(message)`). */
  readonly onResume?: (resolved: StallResolved) => void
  /** The clock and timers (default: real time; a `VirtualScheduler` in tests). */
  readonly scheduler?: Scheduler
  /** Shorten build sites in messages relative to this folder (default: the current directory). */
  readonly root?: string
  /** Which streams to watch (default: every running stream of the process, `runningStreams()`). */
  readonly streams?: () => Iterable<RunningStream>
}

/**
 * A running detector.
 *
 * @category observability
 * @since 0.1.0
 */
export interface StallDetector {
  /** Looks at once (also called by the timer). */
  check(): void
  /** Stops looking; clears the timer. */
  stop(): void
}

interface Watch {
  movement: number
  movedAt: number
  reported: StallReport | null
  ref: WeakRef<Run> | null
}

/**
 * Watches every running stream of the process (or, with `streams`, only those) and reports one
 * that stops moving. The timer does not keep a Node process alive.
 *
 * @example
 * ```ts
 * const detector = detectStalls({ thresholdMs: 5_000 })
 * // ... later, a mapAsync whose Promise never settles:
 * // sluice: stream 'orders' has not moved for 5.0 s: 'mapAsync' (built at src/orders.ts:12:6) has demand and emits nothing (1 in flight)
 * //   path: forEach (src/orders.ts:14:6) <- mapAsync (src/orders.ts:12:6)
 * detector.stop()
 * ```
 * @category observability
 * @since 0.1.0
 */
export function detectStalls(options: StallOptions = {}): StallDetector {
  const threshold = options.thresholdMs ?? 10_000
  requirePositiveInt('detectStalls', 'options.thresholdMs', threshold)
  const every = options.checkEveryMs ?? Math.max(1, Math.min(1000, Math.floor(threshold / 4)))
  requirePositiveInt('detectStalls', 'options.checkEveryMs', every)
  const scheduler = options.scheduler ?? defaultScheduler
  const onStall = options.onStall ?? ((r: StallReport) => console.warn(r.message))
  const onResume = options.onResume ?? ((r: StallResolved) => console.warn(r.message))
  const root = options.root ?? cwd()
  const streams = options.streams
  const watches = new WeakMap<Run, Watch>()
  /** Runs reported and not resolved yet, so that moving on or ending is told (weakly: a run nothing else holds can do neither). */
  const reported = new Set<WeakRef<Run>>()
  let timer: TimerHandle | null = null
  let stopped = false

  const resolve = (run: Run, w: Watch, now: number): void => {
    const r = w.reported!
    w.reported = null
    if (w.ref !== null) reported.delete(w.ref)
    w.ref = null
    const stalledForMs = now - w.movedAt
    const finished = run.finished
    onResume({
      stream: { id: run.id, name: run.name },
      stalledForMs,
      culprit: r.culprit,
      finished,
      message: `sluice: stream '${run.name}' ${finished ? `ended (${run.snapshot().state})` : 'moves again'} after ${seconds(stalledForMs)} (it was held up by '${r.culprit.name}'${at(r.culprit, root)})`,
    })
  }

  const check = (): void => {
    const now = scheduler.now()
    // A reported run that ended since the last look is resolved too.
    for (const ref of reported) {
      const run = ref.deref()
      if (run === undefined) reported.delete(ref)
      else if (run.finished) resolve(run, watches.get(run)!, now)
    }
    const runs = streams === undefined ? runningRuns() : (streams() as Iterable<Run>)
    for (const run of runs) {
      if (run.finished) continue
      const movement = run.movement()
      let w = watches.get(run)
      if (w === undefined) {
        watches.set(run, (w = { movement, movedAt: now, reported: null, ref: null }))
        continue
      }
      if (movement !== w.movement) {
        w.movement = movement
        if (w.reported !== null) resolve(run, w, now)
        w.movedAt = now
        continue
      }
      if (w.reported === null && now - w.movedAt >= threshold) {
        w.reported = diagnose(run, now - w.movedAt, root)
        reported.add((w.ref = new WeakRef(run)))
        onStall(w.reported)
      }
    }
  }

  const schedule = (): void => {
    if (stopped) return
    timer = scheduler.setTimeout(() => {
      timer = null
      try {
        check()
      } finally {
        schedule()
      }
    }, every)
    unref(timer)
  }
  schedule()
  return {
    check,
    stop() {
      stopped = true
      if (timer !== null) scheduler.clearTimeout(timer)
      timer = null
    },
  }
}

/**
 * Watches one run for stalls (see {@link detectStalls}); stops by itself when the run ends.
 *
 * @example
 * ```ts
 * Source.queue<number>(16).runForEach(console.log, { onStart: (s) => watchForStalls(s, { thresholdMs: 2_000 }) })
 * // after 2 s: sluice: stream 'stream-1' has not moved for 2.0 s: 'queue' ... (waiting for offer())
 * ```
 * @category observability
 * @since 0.1.0
 */
export function watchForStalls(stream: RunningStream, options: StallOptions = {}): StallDetector {
  let ended = false
  const detector = detectStalls({
    ...options,
    streams: () => {
      // One more look after the run ended (which tells a reported stall that it ended), then stop.
      if (ended) detector.stop()
      ended = stream.finished
      return ended ? [] : [stream]
    },
  })
  return detector
}

// ---- the diagnosis ------------------------------------------------------------------------------

/** A connection with demand and no element: downstream waits for upstream. */
function waiting(c: Connection): boolean {
  const s = c.state
  return (s & (IN_CLOSED | OUT_CLOSED)) === 0 && (s & PULLED) !== 0 && (s & (HAS_ELEM | P_PUSH)) === 0
}

/** An open connection with neither demand nor an element: upstream waits for downstream to ask. */
function idle(c: Connection): boolean {
  const s = c.state
  return (s & (IN_CLOSED | OUT_CLOSED)) === 0 && (s & (PULLED | HAS_ELEM | P_PUSH)) === 0
}

/** An element was pushed and not taken. */
function untaken(c: Connection): boolean {
  const s = c.state
  return (s & IN_CLOSED) === 0 && (s & (HAS_ELEM | P_PUSH)) !== 0
}

/**
 * The stages upstream of `logic` it waits for: over a waiting connection, across an async
 * boundary, or a substream it runs whose sink waits (the substream's end has no connection to
 * its owner).
 */
function upstreamWaits(run: Run, logic: StageLogic): StageLogic[] {
  const out: StageLogic[] = []
  for (const inlet of logic.inlets) if (inlet.conn !== null && waiting(inlet.conn)) out.push(inlet.conn.upLogic)
  for (const sub of run.feeding(logic)) if (!sub.rt.stopped && sub.inlets.some((i) => i.conn !== null && waiting(i.conn))) out.push(sub)
  for (const b of run.boundaries)
    if (b.down === logic) {
      const info = logic.introspect()
      if ((info?.buffered ?? 0) === 0 && !b.up.rt.stopped) out.push(b.up)
    }
  return out
}

/** The stages downstream of `logic` that should ask and do not. */
function downstreamIdle(run: Run, logic: StageLogic): StageLogic[] {
  const out: StageLogic[] = []
  for (const outlet of logic.outlets) if (outlet.conn !== null && (idle(outlet.conn) || untaken(outlet.conn))) out.push(outlet.conn.downLogic)
  for (const b of run.boundaries)
    if (b.up === logic) {
      const info = logic.introspect()
      if ((info?.requested ?? 0) === 0 && !b.down.rt.stopped) out.push(b.down)
    }
  return out
}

/** One step of a walk through a stalled graph: upstream (waiting for an element) or downstream (waiting for demand). */
interface Step {
  readonly stage: StageLogic
  readonly dir: 'up' | 'down' | null
}

/**
 * Where a stage waits: upstream for an element if any inlet has demand and no element, else
 * downstream for demand if an outlet is idle (a broadcast waits for every output to ask).
 */
function nextOf(run: Run, l: StageLogic): Step[] {
  const up = upstreamWaits(run, l)
  if (up.length > 0) return up.map((stage) => ({ stage, dir: 'up' as const }))
  return downstreamIdle(run, l).map((stage) => ({ stage, dir: 'down' as const }))
}

function diagnose(run: Run, stalledForMs: number, root: string | undefined): StallReport {
  const logics = run.stages().filter((l) => !l.rt.stopped)
  const walks: Walk[] = []
  // Demand chains start at a stage that waits for an element and is not itself being waited for.
  const waitedFor = new Set<StageLogic>()
  for (const l of logics) for (const u of upstreamWaits(run, l)) waitedFor.add(u)
  for (const l of logics) if (!waitedFor.has(l) && upstreamWaits(run, l).length > 0) walks.push(follow(l, (x) => nextOf(run, x)))
  // Everything waits for something: a cycle.
  if (walks.length === 0) {
    const start = logics.find((l) => upstreamWaits(run, l).length > 0)
    if (start !== undefined) walks.push(follow(start, (x) => nextOf(run, x)))
  }
  if (walks.length === 0) {
    // No demand anywhere: follow idle connections downstream to the stage that should ask.
    const asked = new Set<StageLogic>()
    for (const l of logics) for (const d of downstreamIdle(run, l)) asked.add(d)
    for (const l of logics) if (!asked.has(l) && downstreamIdle(run, l).length > 0) walks.push(follow(l, (x) => nextOf(run, x)))
  }
  // Nothing is waiting and nothing is idle: the stages hold on by themselves (keepGoing).
  if (walks.length === 0 && logics[0] !== undefined) walks.push({ kind: 'no-element', steps: [{ stage: logics[0], dir: null }] })
  const culprits: StalledStage[] = []
  const seen = new Set<number>()
  for (const w of walks) {
    const c = w.steps[w.steps.length - 1]!.stage
    if (!seen.has(c.rt.id)) {
      seen.add(c.rt.id)
      culprits.push(described(c))
    }
  }
  const first = walks[0] ?? { kind: 'no-element' as const, steps: [] }
  const path = first.steps.map((s) => described(s.stage))
  const culprit = culprits[0] ?? { id: -1, name: '?' }
  const runSite = run.site?.text
  return {
    stream: { id: run.id, name: run.name, ...(runSite === undefined ? {} : { runSite }) },
    kind: first.kind,
    stalledForMs,
    culprit,
    path,
    culprits,
    message: message(run.name, first, stalledForMs, culprit, path, culprits, root),
    snapshot: run.snapshot(),
  }
}

interface Walk {
  readonly kind: StallReport['kind']
  readonly steps: readonly Step[]
}

/** Walks from `start` along `next` (the first candidate each time) until a stage with none, or a cycle. */
function follow(start: StageLogic, next: (l: StageLogic) => Step[]): Walk {
  const steps: Step[] = [{ stage: start, dir: null }]
  const onPath = new Set([start])
  for (let l = start; ; ) {
    const candidates = next(l)
    if (candidates.length === 0) return { kind: steps[steps.length - 1]!.dir === 'down' ? 'no-demand' : 'no-element', steps }
    const n = candidates[0]!
    if (onPath.has(n.stage)) {
      // the cycle itself, from its first stage round to the stage before it again
      const from = steps.findIndex((s) => s.stage === n.stage)
      return { kind: 'cycle', steps: [{ stage: n.stage, dir: null }, ...steps.slice(from + 1)] }
    }
    steps.push(n)
    onPath.add(n.stage)
    l = n.stage
  }
}

function described(l: StageLogic): StalledStage {
  const builtAt = l.site?.text
  const info = l.introspect()
  const parts: string[] = []
  if (info?.inFlight !== undefined && info.inFlight > 0) parts.push(`${info.inFlight} in flight`)
  if (info?.buffered !== undefined) parts.push(`${info.buffered}${info.capacity === undefined ? '' : `/${info.capacity}`} buffered`)
  if (info?.requested !== undefined) parts.push(`${info.requested} requested`)
  if (info?.detail !== undefined) parts.push(info.detail)
  return {
    id: l.rt.id,
    name: l.name,
    ...(builtAt === undefined ? {} : { builtAt }),
    ...(parts.length === 0 ? {} : { holds: parts.join(', ') }),
  }
}

function message(
  name: string,
  walk: Walk,
  ms: number,
  culprit: StalledStage,
  path: readonly StalledStage[],
  culprits: readonly StalledStage[],
  root: string | undefined,
): string {
  const who = `'${culprit.name}'${at(culprit, root)}`
  const what =
    walk.kind === 'no-element'
      ? `${who} has demand from downstream and emits nothing`
      : walk.kind === 'no-demand'
        ? `${who} does not ask for elements`
        : `a cycle of stages each waits for the next (${path.map((s) => `'${s.name}'`).join(', ')}); a cycle needs a buffer, or an element to start it`
  const holds = culprit.holds === undefined ? '' : ` (${culprit.holds})`
  const lines = [`sluice: stream '${name}' has not moved for ${seconds(ms)}: ${what}${holds}`]
  if (path.length > 1) {
    let text = `${path[0]!.name}${at(path[0]!, root, ' ')}`
    walk.steps.forEach((step, i) => {
      if (i > 0) text += ` ${step.dir === 'down' ? '->' : '<-'} ${path[i]!.name}${at(path[i]!, root, ' ')}`
    })
    lines.push(`  path (<- waits for an element from, -> waits for demand from): ${text}`)
  }
  if (culprits.length > 1) lines.push(`  also held up by: ${culprits.slice(1).map((s) => `'${s.name}'${at(s, root)}`).join(', ')}`)
  return lines.join('\n')
}

function at(s: StalledStage, root: string | undefined, prefix = ' built at '): string {
  if (s.builtAt === undefined) return ''
  const where = shorten(s.builtAt, root)
  return prefix === ' ' ? ` (${where})` : `${prefix}${where}`
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function unref(handle: unknown): void {
  const h = handle as { unref?: () => void } | null
  if (h !== null && typeof h === 'object' && typeof h.unref === 'function') h.unref()
}

function cwd(): string | undefined {
  try {
    return (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.()
  } catch {
    return undefined
  }
}
