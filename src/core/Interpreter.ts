/**
 * The fused interpreter: runs the stages of one island and moves signals between them.
 * See README.md in this folder for the design.
 *
 * @module
 */
import { asFailure, recordOrigin, type RunSite } from './errors.js'
import { type Connection } from './ports.js'
import type { Run } from './Run.js'
import { hostNow, hostYield, type Scheduler } from './Scheduler.js'
import type { StageLogic, StageRuntime } from './StageLogic.js'

// The connection state bits of ports.ts, declared again here: V8 does not fold a constant imported
// from another module (each use loads it from its module cell and checks it is initialized), and
// this module tests and sets them on every element (unfused S1: 31.5 ms with imports, 26.9 ms with
// these copies). test/core/stateBits.test.ts checks that they agree with ports.ts.
const PULLED = 1
const IN_CLOSED = 16
const OUT_CLOSED = 32
const FAILED = 64
const P_PULL = 128
const P_PUSH = 256
const P_CLOSE = 512
const P_CANCEL = 1024
const PENDING = P_PULL | P_PUSH | P_CLOSE | P_CANCEL
const REPULL = 2048
/** The bits this module uses, for the test that checks them against ports.ts. @internal */
export const STATE_BITS = { PULLED, IN_CLOSED, OUT_CLOSED, FAILED, P_PULL, P_PUSH, P_CLOSE, P_CANCEL, PENDING, REPULL } as const

/** Direct calls nest at most this deep before signals go through the queue (bounds the stack). */
const MAX_DEPTH = 48
/** Queue events between two looks at the clock. */
const EVENTS_PER_CHECK = 4096
/** A run keeps the thread this long at most before it yields to the host (ms). */
const SLICE_MS = 15
/** Wake-ups of one run in one host turn between two looks at the clock (a power of two). */
const CHAIN_WAKES = 256
/** The wake-up of a chain at which the host's turns start to be watched, so that heavy wake-ups are told early. */
const HEAVY_PROBE = 2
/** A wake-up that takes this long (ms) is heavy: the clock is read at every one. */
const HEAVY_MS = 1

/** What a run reports that has nowhere else to go (a failure in `postStop`, an error after termination). */
export type UnhandledErrorHook = (error: unknown, stage: string) => void

/** @internal */
export const defaultUnhandledError: UnhandledErrorHook = (error, stage) => {
  console.error(`sluice: unhandled error in stage '${stage}':`, error)
}

/**
 * Runs the stages of one fused island.
 *
 * @internal
 */
export class Interpreter {
  private queue: (Connection | undefined)[] = new Array<Connection | undefined>(64)
  private head = 0
  private tail = 0
  private mask = 63
  /** @internal */ depth = 0
  /** The connection whose onPull is being delivered (see REPULL). */
  private pulling: Connection | null = null
  /** Deliveries left before the drain loop looks at the clock. */
  private budget = EVENTS_PER_CHECK
  private draining = false
  private wakeScheduled = false
  private yielded = false
  private alive = 0
  private cbLogic: StageLogic[] = []
  private cbFn: ((arg: unknown) => void)[] = []
  private cbArg: unknown[] = []
  private cbHead = 0
  private cbTail = 0
  readonly logics: StageLogic[] = []
  finished = false

  constructor(
    readonly scheduler: Scheduler,
    readonly onUnhandledError: UnhandledErrorHook,
    private readonly onFinish: (interpreter: Interpreter) => void,
    readonly site: RunSite | undefined,
    /** The run this island belongs to (what snapshots and the stall detector look at). */
    readonly run: Run,
  ) {
    run.addInterpreter(this)
  }

  /** @internal */
  add(logic: StageLogic): void {
    logic.interpreter = this
    logic.rt.id = this.run.stageId()
    logic.rt.openPorts = logic.inlets.length + logic.outlets.length
    this.logics.push(logic)
    this.alive++
  }

  /** Calls every `preStart`, then runs until the queue is empty (or the slice is used up). */
  start(): void {
    this.draining = true
    // A copy: stages materialized by a preStart (a substream) join this.logics and are started by attach.
    this.preStartAll(this.logics.slice())
    this.draining = false
    if (this.alive === 0) this.finish()
    else this.drain()
  }

  /**
   * Starts stages added to a running interpreter (a substream). Called from inside a handler,
   * so their first signals are delivered by the drain loop that is already running.
   *
   * @internal
   */
  attach(logics: readonly StageLogic[]): void {
    this.preStartAll(logics)
    if (!this.draining) this.drain()
  }

  private preStartAll(logics: readonly StageLogic[]): void {
    // Every preStart runs before any of their signals is delivered: signals raised meanwhile are queued.
    const depth = this.depth
    this.depth = MAX_DEPTH
    for (const logic of logics) {
      const rt = logic.rt
      if (rt.stopped || rt.started) continue
      rt.started = true
      this.enter(rt)
      try {
        logic.preStart()
      } catch (e) {
        this.handlerFailed(rt, e)
      }
      this.leave(rt)
    }
    this.depth = depth
  }

  // ---- signals ----------------------------------------------------------------------------------
  // A signal is delivered by a direct call when the target stage is not running, the connection
  // has nothing queued (so per-connection order holds) and the stack is not too deep; otherwise
  // it is recorded on the connection and the connection is queued.

  /** @internal */
  signalPull(conn: Connection): void {
    if (conn === this.pulling) {
      // Pulled again from inside its own onPull (a synchronous chain asking for the next element):
      // the delivery loop in deliverPull calls onPull again once this one returns.
      conn.state |= REPULL
      return
    }
    if ((conn.state & PENDING) === 0 && !conn.upRt.running && this.depth < MAX_DEPTH) this.deliverPull(conn)
    else this.enqueue(conn, P_PULL)
  }

  /** @internal */
  signalPush(conn: Connection): void {
    const rt = conn.downRt
    if ((conn.state & PENDING) !== 0 || rt.running || this.depth >= MAX_DEPTH) {
      this.enqueue(conn, P_PUSH)
      return
    }
    const inlet = conn.inlet
    rt.running = true
    this.depth++
    try {
      inlet.onPush.call(inlet.handler)
    } catch (e) {
      this.handlerFailed(rt, e)
    }
    this.depth--
    rt.running = false
    if (rt.openPorts <= 0) this.leftClosed(rt)
  }

  /** @internal */
  signalClose(conn: Connection): void {
    if ((conn.state & PENDING) === 0 && !conn.downRt.running && this.depth < MAX_DEPTH) this.deliverClose(conn)
    else this.enqueue(conn, P_CLOSE)
  }

  /** @internal */
  signalCancel(conn: Connection): void {
    if ((conn.state & PENDING) === 0 && !conn.upRt.running && this.depth < MAX_DEPTH) this.deliverCancel(conn)
    else this.enqueue(conn, P_CANCEL)
  }

  private enqueue(conn: Connection, bit: number): void {
    conn.state |= bit
    if (conn.queued) return
    conn.queued = true
    this.queue[this.tail] = conn
    this.tail = (this.tail + 1) & this.mask
    if (this.tail === this.head) this.grow()
  }

  private grow(): void {
    const old = this.queue
    const n = old.length
    const next = new Array<Connection | undefined>(n * 2)
    for (let i = 0; i < n; i++) next[i] = old[(this.head + i) & this.mask]
    this.queue = next
    this.head = 0
    this.tail = n
    this.mask = n * 2 - 1
  }

  private deliverPull(conn: Connection): void {
    if ((conn.state & (PULLED | OUT_CLOSED)) !== PULLED) return
    const rt = conn.upRt
    const outlet = conn.outlet
    const outer = this.pulling
    this.pulling = conn
    rt.running = true
    this.depth++
    for (;;) {
      try {
        outlet.onPull.call(outlet.handler)
      } catch (e) {
        this.handlerFailed(rt, e)
      }
      const s = conn.state
      if ((s & REPULL) === 0) break
      conn.state = s & ~REPULL
      if ((s & (PULLED | OUT_CLOSED)) !== PULLED || rt.stopped) break
      if (--this.budget <= 0 || this.head !== this.tail) {
        // Signals are waiting in the queue (they came first: keep FIFO fairness), or the drain
        // loop should look at the clock: deliver this pull from the queue, after them.
        this.enqueue(conn, P_PULL)
        break
      }
    }
    this.pulling = outer
    this.leave(rt)
  }

  private deliverPush(conn: Connection): void {
    if ((conn.state & IN_CLOSED) !== 0) return
    const rt = conn.downRt
    const inlet = conn.inlet
    rt.running = true
    this.depth++
    try {
      inlet.onPush.call(inlet.handler)
    } catch (e) {
      this.handlerFailed(rt, e)
    }
    this.leave(rt)
  }

  private deliverClose(conn: Connection): void {
    const s = conn.state
    if ((s & IN_CLOSED) !== 0) return
    conn.state = s | IN_CLOSED
    const rt = conn.downRt
    const inlet = conn.inlet
    this.enter(rt)
    try {
      if ((s & FAILED) !== 0) inlet.onUpstreamFailure.call(inlet.handler, conn.failure)
      else inlet.onUpstreamFinish.call(inlet.handler)
    } catch (e) {
      this.handlerFailed(rt, e)
    }
    rt.openPorts--
    this.leave(rt)
  }

  private deliverCancel(conn: Connection): void {
    const s = conn.state
    if ((s & OUT_CLOSED) !== 0) return
    conn.state = s | OUT_CLOSED
    const rt = conn.upRt
    const outlet = conn.outlet
    this.enter(rt)
    try {
      outlet.onDownstreamFinish.call(outlet.handler, conn.cause)
    } catch (e) {
      this.handlerFailed(rt, e)
    }
    rt.openPorts--
    this.leave(rt)
  }

  /** Runs `fn(arg)` inside `logic` (a callback, a timer, a reaction), failing the stage if it throws. */
  private callIn(rt: StageRuntime, logic: StageLogic, fn: (arg: unknown) => void, arg: unknown): void {
    this.enter(rt)
    try {
      fn.call(logic, arg)
    } catch (e) {
      this.handlerFailed(rt, e)
    }
    this.leave(rt)
  }

  private enter(rt: StageRuntime): void {
    rt.running = true
    this.depth++
  }

  private leave(rt: StageRuntime): void {
    this.depth--
    rt.running = false
    if (rt.openPorts <= 0) this.leftClosed(rt)
  }

  private leftClosed(rt: StageRuntime): void {
    if (!rt.keepGoing && !rt.stopped) this.stop(rt)
  }

  private handlerFailed(rt: StageRuntime, thrown: unknown): void {
    const logic = rt.logic
    const origin = logic.failureOrigin()
    const error = asFailure(origin, thrown)
    recordOrigin(error, origin, logic.failureSite(), this.site)
    if (rt.stopped) {
      this.onUnhandledError(error, logic.name)
      return
    }
    try {
      if (logic.onHandlerError(error)) return
      // A failure that no open outlet can carry downstream would be lost: report it.
      if (rt.openPorts <= 0 || (logic.outlets.length > 0 && logic.outlets.every((o) => logic.isClosed(o))))
        this.onUnhandledError(error, logic.name)
      logic.failStage(error)
    } catch (e) {
      this.onUnhandledError(e, logic.name)
    }
  }

  /** Stops a stage: clears its timers and runs `postStop`. @internal */
  stop(rt: StageRuntime): void {
    if (rt.stopped) return
    rt.stopped = true
    const logic = rt.logic
    const timers = logic.timers
    if (timers !== null) {
      for (const handle of timers.values()) this.scheduler.clearTimeout(handle)
      timers.clear()
    }
    try {
      logic.postStop()
    } catch (e) {
      this.onUnhandledError(e, logic.name)
    }
    const hooks = logic.stopHooks
    if (hooks !== null) {
      logic.stopHooks = null
      for (const hook of hooks) {
        try {
          hook()
        } catch (e) {
          this.onUnhandledError(e, logic.name)
        }
      }
    }
    if (--this.alive === 0) this.finish()
    if (this.logics.length > 64 && this.alive < this.logics.length >> 1) this.compact()
  }

  /** Forgets stopped stages once they are the majority (substreams come and go). */
  private compact(): void {
    let j = 0
    for (const logic of this.logics) if (!logic.rt.stopped) this.logics[j++] = logic
    this.logics.length = j
  }

  private finish(): void {
    if (this.finished) return
    this.finished = true
    // Keep the last few finished runs reachable: see `recentRuns`. Not what they materialized:
    // that is the caller's (a Promise resolved with a collected array, for instance).
    for (const logic of this.logics) logic.mat = undefined
    recentRuns[recentAt] = this
    recentAt = (recentAt + 1) % recentRuns.length
    this.run.interpreterFinished()
    this.onFinish(this)
  }

  // ---- entries from outside: async callbacks and timers -------------------------------------------

  /** Queues `fn(arg)` to run inside `logic`; wakes the interpreter in a microtask. @internal */
  invoke(logic: StageLogic, fn: (arg: unknown) => void, arg: unknown): void {
    if (logic.rt.stopped) return
    this.pushCallback(logic, fn, arg)
    if (!this.draining && !this.wakeScheduled) {
      this.wakeScheduled = true
      // A resolved Promise's reaction is cheaper than queueMicrotask, which wraps every call for async hooks.
      void resolved.then(this.wake)
    }
  }

  /**
   * Like `invoke`, for a callback that a producer calls as it hands over a value: a native
   * Promise's reaction (from the microtask queue, on a clean stack) or a flowing Node Readable's
   * `'data'` (`fromReadable`, as `pipe` runs the writer inside the reader's loop). The loop drains
   * at once instead of waking one microtask later, unless this run is draining already (the call
   * came from inside it), a wake-up is on its way, or the time slice is used up: then it is queued
   * like `invoke`'s. Not for callbacks that arbitrary user code calls. @internal
   */
  settle(logic: StageLogic, fn: (arg: unknown) => void, arg: unknown): void {
    const rt = logic.rt
    if (rt.stopped) return
    if (this.draining || this.wakeScheduled || this.cbHead !== this.cbTail || !this.mayRunNow()) {
      // A drain loop or a wake-up already on its way delivers it in order with the others.
      this.pushCallback(logic, fn, arg)
      if (!this.draining && !this.wakeScheduled) this.wake()
      return
    }
    // Nothing else waits: run it as the drain loop would (no trip through the callback queue),
    // then deliver what it caused.
    this.draining = true
    this.callIn(rt, logic, fn, arg)
    this.drainLoop()
  }

  private readonly wake = (): void => {
    this.wakeScheduled = false
    if (this.mayRunNow()) this.drain()
  }

  /**
   * Whether a wake-up may drain now; if not, one is scheduled after the host's next turn.
   */
  private mayRunNow(): boolean {
    // Wake-ups arrive as microtasks. A source fed by Promises (an endless async generator) can
    // chain them forever without the host ever running a timer or I/O; once such a chain has
    // held the thread for a slice, the next wake-up waits for the host instead.
    // Only a long chain of this run's own wake-ups counts: a test that settles with microtasks
    // between a few signals must still see them delivered in microtasks.
    // The host's turns are watched (markMacrotask schedules a macrotask) only once a chain reached
    // CHAIN_WAKES wake-ups, and then the clock is read every CHAIN_WAKES: a run woken once per host
    // turn (a consumer awaiting I/O) schedules nothing extra, and a chain of cheap wake-ups (a
    // resolved Promise per element) reads the clock rarely. A run whose wake-ups are heavy (a
    // slow consumer behind an async boundary: a batch of elements of real work each) is seen by
    // the time two looks are apart, and from then on looks at every wake-up: a few dozen heavy
    // wake-ups would otherwise hold the thread for seconds.
    if (this.chainTick !== macroTicks) {
      this.chainTick = macroTicks
      this.chainWakes = 0
      this.watching = false
      if (this.heavy) this.startWatching()
      return true
    }
    const n = ++this.chainWakes
    if (this.heavy) {
      if (!this.watching) this.startWatching()
      else if (hostNow() - this.chainStart > SLICE_MS) return this.yieldToHost()
    } else if (n === HEAVY_PROBE) this.probedAt = hostNow()
    else if (n === 2 * HEAVY_PROBE) {
      // HEAVY_PROBE wake-ups took HEAVY_MS or more each: this run's wake-ups are heavy.
      const now = hostNow()
      if (now - this.probedAt >= HEAVY_PROBE * HEAVY_MS) {
        this.heavy = true
        this.startWatching()
        this.chainStart = this.probedAt
        if (now - this.chainStart > SLICE_MS) return this.yieldToHost()
      }
    } else if ((n & (CHAIN_WAKES - 1)) === 0) {
      if (!this.watching) this.startWatching()
      else if (hostNow() - this.chainStart > SLICE_MS) return this.yieldToHost()
    }
    return true
  }

  private yieldToHost(): false {
    this.wakeScheduled = true
    hostYield(this.wake)
    return false
  }

  private startWatching(): void {
    this.watching = true
    this.chainStart = hostNow()
    markMacrotask()
  }
  /** The host turn (counted by markMacrotask) in which the current chain of wake-ups started. */
  private chainTick = -1
  private chainStart = 0
  private chainWakes = 0
  /** A macrotask marker was scheduled for this chain: chainStart is when. */
  private watching = false
  /** When the HEAVY_PROBE-th wake-up of the chain came. */
  private probedAt = 0
  /** This run's wake-ups have been seen to take HEAVY_MS or more each: every one looks at the clock. */
  private heavy = false

  /**
   * Runs `fn(arg)` inside `logic` at once when that is safe (it is not running and the stack is
   * shallow), otherwise queues it for this drain loop. For signals between a stage and the
   * substreams it runs in the same interpreter.
   *
   * @internal
   */
  runOrQueue(logic: StageLogic, fn: (arg: unknown) => void, arg: unknown): boolean {
    const rt = logic.rt
    if (rt.stopped) return true
    if (rt.running || this.depth >= MAX_DEPTH || !this.draining) {
      this.invoke(logic, fn, arg)
      return false
    }
    this.callIn(rt, logic, fn, arg)
    return true
  }

  /** Runs a fired timer's `onTimer` now (timers arrive from the host's event loop). @internal */
  runTimer(logic: StageLogic, key: unknown): void {
    if (logic.rt.stopped) return
    this.pushCallback(logic, onTimerTrampoline as (arg: unknown) => void, key)
    if (!this.draining) this.drain()
  }

  private pushCallback(logic: StageLogic, fn: (arg: unknown) => void, arg: unknown): void {
    const i = this.cbTail++
    // The arrays keep their storage between drains; slots are overwritten, not reallocated.
    this.cbLogic[i] = logic
    this.cbFn[i] = fn
    this.cbArg[i] = arg
  }

  private runCallbacks(): void {
    // Callbacks queued while these run are picked up by the same loop.
    while (this.cbHead < this.cbTail) {
      const i = this.cbHead++
      const logic = this.cbLogic[i]!
      const fn = this.cbFn[i]!
      const arg = this.cbArg[i]
      this.cbArg[i] = undefined // do not keep a delivered value alive
      const rt = logic.rt
      if (rt.stopped) continue
      this.callIn(rt, logic, fn, arg)
    }
    this.cbHead = 0
    this.cbTail = 0
  }

  /** Delivers queued signals until none is left, yielding to the host when the slice is used up. */
  drain(): void {
    if (this.draining) return
    this.draining = true
    this.drainLoop()
  }

  /** The drain loop proper; `draining` is already set, and is cleared on the way out. */
  private drainLoop(): void {
    this.budget = EVENTS_PER_CHECK
    let sliceStart = -1 // read the clock only once a budget is used up: short drains never do
    for (;;) {
      if (this.cbHead < this.cbTail) this.runCallbacks()
      if (this.head === this.tail) {
        if (this.cbHead < this.cbTail) continue
        break
      }
      const conn = this.queue[this.head]!
      this.queue[this.head] = undefined
      this.head = (this.head + 1) & this.mask
      conn.queued = false
      const bits = conn.state & PENDING
      conn.state ^= bits
      if ((bits & P_PUSH) !== 0) this.deliverPush(conn)
      if ((bits & P_CLOSE) !== 0) this.deliverClose(conn)
      if ((bits & P_PULL) !== 0) this.deliverPull(conn)
      if ((bits & P_CANCEL) !== 0) this.deliverCancel(conn)
      if (--this.budget <= 0) {
        this.budget = EVENTS_PER_CHECK
        const now = hostNow()
        if (sliceStart < 0) sliceStart = now
        else if (now - sliceStart > SLICE_MS) {
          // Let timers and I/O run; pick up where we left off.
          if (!this.yielded) {
            this.yielded = true
            hostYield(this.resume)
          }
          break
        }
      }
    }
    this.draining = false
  }

  private readonly resume = (): void => {
    this.yielded = false
    this.drain()
  }
}

/**
 * The last finished runs, kept reachable on purpose. V8 drops an object layout (a hidden class)
 * once no live object uses it, and with it the optimized code that was specialized to it: when a
 * blueprint is run again after a full GC, its stages (new objects of the same classes) would get
 * fresh layouts and every hot handler would be deoptimized and optimized again, about doubling
 * the time of a 1e6-element run (ADR 0006). A stopped run holds only what its stages kept.
 */
const recentRuns: (Interpreter | undefined)[] = new Array<Interpreter | undefined>(8)
let recentAt = 0

/** Host turns seen so far: a macrotask scheduled by markMacrotask bumps it. */
let macroTicks = 0
let markerScheduled = false

/** Notes when the host next runs a macrotask (so a chain of microtask wake-ups can tell it has not). */
function markMacrotask(): void {
  if (markerScheduled) return
  markerScheduled = true
  hostYield(() => {
    markerScheduled = false
    macroTicks++
  })
}

const resolved = Promise.resolve()

function onTimerTrampoline(this: StageLogic, key: unknown): void {
  this.onTimer(key)
}
