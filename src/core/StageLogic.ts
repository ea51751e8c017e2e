/**
 * The stage API: what an operator implements and the actions it may take. One instance per run.
 *
 * @module
 */
import { rules } from '../spec/rules.js'
import { type BuildSite, recordOrigin, StageProtocolError } from './errors.js'
import type { Attributes } from './Attributes.js'
import { noAttributes } from './Attributes.js'
import type { Interpreter } from './Interpreter.js'
import { Inlet, Outlet, type InHandler, type OutHandler } from './ports.js'
import type { Scheduler, TimerHandle } from './Scheduler.js'

// The connection state bits of ports.ts, declared again here: V8 does not fold a constant imported
// from another module (each use loads it from its module cell and checks it is initialized), and
// this module tests and sets them on every element (unfused S1: 31.5 ms with imports, 26.9 ms with
// these copies). test/core/stateBits.test.ts checks that they agree with ports.ts.
const PULLED = 1
const HAS_ELEM = 2
const UP_DONE = 4
const DOWN_DONE = 8
const IN_CLOSED = 16
const OUT_CLOSED = 32
const FAILED = 64
const P_PULL = 128
const P_PUSH = 256
const REPULL = 2048
/** The bits this module uses, for the test that checks them against ports.ts. @internal */
export const STATE_BITS = { PULLED, HAS_ELEM, UP_DONE, DOWN_DONE, IN_CLOSED, OUT_CLOSED, FAILED, P_PULL, P_PUSH, REPULL } as const

const missingIn: InHandler = {
  onPush() {
    throw new StageProtocolError('no InHandler was set for this inlet')
  },
  onUpstreamFinish() {},
  onUpstreamFailure() {},
}
const missingOut: OutHandler = {
  onPull() {
    throw new StageProtocolError('no OutHandler was set for this outlet')
  },
  onDownstreamFinish() {},
}

/**
 * What a stage reports about itself in a snapshot (see {@link StageLogic.introspect}).
 *
 * @category core
 * @since 0.1.0
 */
export interface StageIntrospection {
  /** Elements the stage holds (a buffer, a queue, a boundary's input buffer). */
  readonly buffered?: number
  /** How many elements the buffer can hold, when bounded. */
  readonly capacity?: number
  /** Elements being worked on outside the stream (Promises not settled yet). */
  readonly inFlight?: number
  /** Elements requested across an async boundary or from a publisher and not received yet. */
  readonly requested?: number
  /** Anything else worth a glance, one short line (`waiting for offer()`). */
  readonly detail?: string
}

/**
 * The flags the interpreter keeps for each stage.
 *
 * @internal
 */
export class StageRuntime {
  started = false
  running = false
  stopped = false
  keepGoing = false
  /** The stage failed (its own error or one from upstream): snapshots report it so. */
  failed = false
  openPorts = 0
  /** Unique within the run (snapshots). */
  id = -1
  constructor(readonly logic: StageLogic) {}
}

/**
 * The running half of a stage: its ports, its state and its handlers. Operators extend
 * {@link LinearStage}, {@link SourceStage} or {@link SinkStage}, or this class directly for
 * stages with several ports (create them with `inlet()`/`outlet()` in the constructor and give
 * each a handler).
 *
 * @example
 * ```ts
 * class Twice<T> extends LinearStage<T, T> {
 *   private pending: T | undefined = undefined
 *   onPush(): void { const x = this.grab(this.in); this.pending = x; this.push(this.out, x) }
 *   override onPull(): void {
 *     if (this.pending !== undefined) { const x = this.pending; this.pending = undefined; this.push(this.out, x) }
 *     else this.pull(this.in)
 *   }
 * }
 * ```
 * @category core
 * @since 0.1.0
 */
export abstract class StageLogic {
  /** The stage's name, used in errors (`take.out: push before pull`). Set when the graph is run. */
  name = 'stage'
  /** @internal */ interpreter: Interpreter = null as unknown as Interpreter
  /** @internal */ readonly inlets: Inlet<unknown>[] = []
  /** @internal */ readonly outlets: Outlet<unknown>[] = []
  /** Runtime flags, kept in an object of one shape so the interpreter's accesses stay monomorphic. @internal */
  readonly rt: StageRuntime = new StageRuntime(this)
  /** @internal */ timers: Map<unknown, TimerHandle> | null = null
  /** @internal */ stopHooks: (() => void)[] | null = null
  /** This stage's attributes, merged from the blueprint. Set when the graph is run. */
  attributes: Attributes = noAttributes
  /** The materialized value this stage contributes (a Promise, a handle, ...). */
  mat: unknown = undefined
  /** Where the user's code built this stage, when build sites are captured. Set when the graph is run. @internal */
  site: BuildSite | undefined = undefined

  /** Creates an input port owned by this stage. Call it in the constructor. */
  protected inlet<T>(label = 'in', handler?: InHandler): Inlet<T> {
    const port = new Inlet<T>(this, label, handler ?? missingIn)
    this.inlets.push(port as Inlet<unknown>)
    return port
  }

  /** Creates an output port owned by this stage. Call it in the constructor. */
  protected outlet<T>(label = 'out', handler?: OutHandler): Outlet<T> {
    const port = new Outlet<T>(this, label, handler ?? missingOut)
    this.outlets.push(port as Outlet<unknown>)
    return port
  }

  /** Replaces the handler of a port (handlers may change as a stage moves through phases). */
  setHandler(port: Inlet<unknown>, handler: InHandler): void
  setHandler(port: Outlet<unknown>, handler: OutHandler): void
  setHandler(port: Inlet<unknown> | Outlet<unknown>, handler: InHandler | OutHandler): void {
    if (port instanceof Outlet) port.setHandler(handler as OutHandler)
    else port.setHandler(handler as InHandler)
  }

  /** Runs once before any signal. Pull here to start the flow, or complete at once. */
  preStart(): void {}
  /** Runs once after the stage stopped (all ports closed, or failed). Release resources here. */
  postStop(): void {}

  // ---- actions on input ports -------------------------------------------------------------

  /** Asks upstream for one element; `onPush` follows. Pulling a closed inlet does nothing. */
  pull<T>(inlet: Inlet<T>): void {
    let conn = inlet.conn
    let s = conn.state
    for (;;) {
      if ((s & (PULLED | HAS_ELEM | IN_CLOSED)) !== 0) {
        if ((s & IN_CLOSED) !== 0) return
        throw new StageProtocolError(
          `${String(conn.inlet)}: ${(s & (PULLED | P_PUSH)) !== 0 ? 'pull twice (already pulled)' : 'pull before grab (an element is still available)'}`,
        )
      }
      conn.state = s | PULLED
      conn.pulls++
      if ((s & UP_DONE) !== 0) return // completion is on its way; it answers this pull
      const through = conn.outlet.passTo
      if (through === null) {
        conn.interpreter.signalPull(conn)
        return
      }
      // The upstream stage would only pull its own inlet: do that for it without running it.
      conn = through.conn
      s = conn.state
    }
  }

  /** Takes the available element. Only valid between `onPush` and the next `pull`. */
  grab<T>(inlet: Inlet<T>): T {
    const conn = inlet.conn
    if ((conn.state & HAS_ELEM) === 0) throw new StageProtocolError(`${String(inlet)}: grab with no element available`)
    const elem = conn.elem as T
    conn.elem = undefined
    conn.state &= ~HAS_ELEM
    return elem
  }

  /** Stops upstream: no more elements arrive on `inlet`. `cause` tells upstream why (default: none). */
  cancel<T>(inlet: Inlet<T>, cause?: unknown): void {
    const conn = inlet.conn
    const s = conn.state
    if ((s & IN_CLOSED) !== 0) return
    conn.state = (s & ~(PULLED | HAS_ELEM)) | IN_CLOSED | DOWN_DONE
    conn.elem = undefined
    conn.cause = cause
    this.portClosed()
    if ((s & UP_DONE) === 0) conn.interpreter.signalCancel(conn)
  }

  // ---- actions on output ports ------------------------------------------------------------

  /** Sends one element downstream. Only after `onPull`, once per pull. */
  push<T>(outlet: Outlet<T>, elem: T): void {
    const conn = outlet.conn
    const s = conn.state
    if (s === PULLED && elem !== undefined && elem !== null) {
      // the common case: pulled, nothing pending, nothing closed
      conn.elem = elem
      conn.state = HAS_ELEM
      conn.pushes++
      conn.interpreter.signalPush(conn)
      return
    }
    if (elem === undefined || elem === null) this.pushProblem(outlet)
    if ((s & (DOWN_DONE | OUT_CLOSED)) === DOWN_DONE) {
      // Downstream cancelled and the cancellation is on its way to us: the element is dropped with
      // it (cancel cleared the pull, so this is the only place that can tell).
      conn.state = s & ~PULLED
      return
    }
    if ((s & (PULLED | OUT_CLOSED)) !== PULLED) this.pushProblem(outlet)
    conn.elem = elem
    conn.state = (s & ~PULLED) | HAS_ELEM
    conn.pushes++
    conn.interpreter.signalPush(conn)
  }

  private pushProblem(outlet: Outlet<unknown>): never {
    const s = outlet.conn.state
    if ((s & OUT_CLOSED) !== 0) throw new StageProtocolError(`${String(outlet)}: push to a closed port`)
    if ((s & PULLED) === 0 && (s & DOWN_DONE) === 0) throw new StageProtocolError(`${String(outlet)}: push before pull`)
    throw rules.nullElement(`${String(outlet)}: push`)
  }

  /**
   * Declares that `outlet`'s `onPull` would only pull `inlet` (or, with `null`, that it does more
   * again), so the runtime may forward pulls without running this stage: `concat` passing pulls
   * to its current input, for example. The outlet's handler is kept for pulls already queued.
   */
  protected passPullsTo(outlet: Outlet<unknown>, inlet: Inlet<unknown> | null): void {
    outlet.passTo = inlet
  }

  /**
   * Pushes `elem` on `outlet`, and while the push runs, passes a pull that downstream makes straight
   * to `inlet` (see {@link passPullsTo}), if `inlet` is neither pulled nor closed. For a stage whose
   * `onPull` would at this point only pull `inlet`: the pull then skips a trip through the queue
   * back to the stage (ADR 0012).
   */
  protected pushPassingPulls<T>(outlet: Outlet<T>, elem: T, inlet: Inlet<unknown>): void {
    if (this.hasBeenPulled(inlet) || this.isClosed(inlet)) return this.push(outlet, elem)
    outlet.passTo = inlet
    this.push(outlet, elem)
    outlet.passTo = null
  }

  /** Completes `outlet`: downstream gets `onUpstreamFinish` after any element already pushed. */
  complete<T>(outlet: Outlet<T>): void {
    const conn = outlet.conn
    const s = conn.state
    if ((s & OUT_CLOSED) !== 0) return
    conn.state = s | OUT_CLOSED | UP_DONE
    this.portClosed()
    if ((s & DOWN_DONE) === 0) conn.interpreter.signalClose(conn)
  }

  /** Fails `outlet` with `error`: downstream gets `onUpstreamFailure` after any element already pushed. */
  fail<T>(outlet: Outlet<T>, error: unknown): void {
    const conn = outlet.conn
    const s = conn.state
    if ((s & OUT_CLOSED) !== 0) return
    conn.state = s | OUT_CLOSED | UP_DONE | FAILED
    conn.failure = error
    recordOrigin(error, this.failureOrigin(), this.failureSite(), this.interpreter.site) // the first stage to fail with it is its origin
    this.portClosed()
    if ((s & DOWN_DONE) === 0) conn.interpreter.signalClose(conn)
  }

  /**
   * Pushes `elem` as soon as `outlet` is pulled (at once if it already is), then completes the
   * stage. For stages that hold one last element when upstream finishes.
   */
  pushThenComplete<T>(outlet: Outlet<T>, elem: T): void {
    if (this.isAvailable(outlet)) {
      this.push(outlet, elem)
      this.completeStage()
      return
    }
    this.setHandler(outlet, {
      onPull: () => {
        this.push(outlet, elem)
        this.completeStage()
      },
      onDownstreamFinish: (cause) => this.cancelStage(cause),
    })
  }

  // ---- queries ------------------------------------------------------------------------------

  /**
   * Inlet: an element has arrived (`onPush` was delivered) and can be grabbed. Outlet: `onPull` was
   * delivered and nothing was pushed since.
   */
  isAvailable(port: Inlet<unknown> | Outlet<unknown>): boolean {
    const s = port.conn.state
    // Either side becomes available when its signal is delivered, not when it is recorded.
    return port instanceof Inlet ? (s & (HAS_ELEM | P_PUSH)) === HAS_ELEM : (s & (PULLED | OUT_CLOSED | P_PULL | REPULL)) === PULLED
  }

  /** This stage pulled `inlet` and no element has arrived yet (one may be on its way). */
  hasBeenPulled(inlet: Inlet<unknown>): boolean {
    const s = inlet.conn.state
    return (s & IN_CLOSED) === 0 && ((s & PULLED) !== 0 || (s & P_PUSH) !== 0)
  }

  /** The port is closed for this stage (completion delivered, cancelled, or completed by us). */
  isClosed(port: Inlet<unknown> | Outlet<unknown>): boolean {
    const s = port.conn.state
    return port instanceof Inlet ? (s & IN_CLOSED) !== 0 : (s & OUT_CLOSED) !== 0
  }

  // ---- whole-stage actions --------------------------------------------------------------------

  /** Completes every outlet and cancels every inlet. */
  completeStage(): void {
    for (const out of this.outlets) this.complete(out)
    for (const inl of this.inlets) this.cancel(inl)
    this.stopIfDone()
  }

  /** Fails every outlet with `error` and cancels every inlet with it as the cause. */
  failStage(error: unknown): void {
    this.rt.failed = true
    // The first stage to fail with an error is its origin (a sink has no outlet for `fail` to record it on).
    if (this.interpreter !== null) recordOrigin(error, this.failureOrigin(), this.failureSite(), this.interpreter.site)
    for (const out of this.outlets) this.fail(out, error)
    for (const inl of this.inlets) this.cancel(inl, error)
    this.stopIfDone()
  }

  /** Cancels every inlet with `cause` and completes every outlet. */
  cancelStage(cause: unknown): void {
    for (const inl of this.inlets) this.cancel(inl, cause)
    for (const out of this.outlets) this.complete(out)
    this.stopIfDone()
  }

  /** Keeps the stage alive after all its ports closed (to finish async work); call `completeStage` to end it. */
  setKeepGoing(enabled: boolean): void {
    this.rt.keepGoing = enabled
    if (!enabled) this.stopIfDone()
  }

  /** True once this stage has stopped. */
  get isStopped(): boolean {
    return this.rt.stopped
  }

  // ---- time and async -------------------------------------------------------------------------

  /** The scheduler of this run (real or virtual). */
  get scheduler(): Scheduler {
    return this.interpreter.scheduler
  }

  /** Calls `onTimer(key)` once after `delayMs`; replaces a timer with the same key. */
  scheduleOnce(key: unknown, delayMs: number): void {
    this.cancelTimer(key)
    const timers = (this.timers ??= new Map())
    const handle = this.scheduler.setTimeout(() => {
      if (timers.get(key) === handle) timers.delete(key)
      this.interpreter.runTimer(this, key)
    }, delayMs)
    timers.set(key, handle)
  }

  /** Calls `onTimer(key)` after `initialDelayMs`, then every `intervalMs`; replaces a timer with the same key. */
  scheduleAtFixedRate(key: unknown, initialDelayMs: number, intervalMs: number): void {
    this.cancelTimer(key)
    const timers = (this.timers ??= new Map())
    const start = this.scheduler.now() + initialDelayMs
    let n = 0
    const fire = (): void => {
      n++
      const next = this.scheduler.setTimeout(fire, Math.max(0, start + n * intervalMs - this.scheduler.now()))
      timers.set(key, next)
      this.interpreter.runTimer(this, key)
    }
    timers.set(key, this.scheduler.setTimeout(fire, initialDelayMs))
  }

  /** Cancels the timer with `key`, if any. */
  cancelTimer(key: unknown): void {
    const handle = this.timers?.get(key)
    if (handle !== undefined) {
      this.scheduler.clearTimeout(handle)
      this.timers!.delete(key)
    }
  }

  /** True while a timer with `key` is scheduled. */
  isTimerActive(key: unknown): boolean {
    return this.timers?.has(key) ?? false
  }

  /** Called when a timer fires. */
  onTimer(_key: unknown): void {}

  /**
   * Called when one of this stage's handlers (or a callback or timer) threw `error`. Return
   * `true` when the stage dealt with it (supervision: skip the element, reset its state);
   * `false`, the default, fails the stage with the error.
   */
  onHandlerError(_error: unknown): boolean {
    return false
  }

  /** The operator name a failure raised in this stage's handlers is reported under (`failedStage`). */
  failureOrigin(): string {
    return this.name
  }

  /** Where the stage a failure is reported under was built (see {@link failureOrigin}). @internal */
  failureSite(): BuildSite | undefined {
    return this.site
  }

  /**
   * What this stage holds, for snapshots and stall reports (`buffered` elements, Promises
   * `inFlight`, a short `detail`). Stages with a buffer or pending work override it; it is only
   * called when someone looks, never on the hot path.
   */
  introspect(): StageIntrospection | undefined {
    return undefined
  }

  /** For a stage that runs several operators fused: their names, upstream first. @internal */
  members(): readonly string[] | undefined {
    return undefined
  }

  /** The stage this one delivers to without a connection (a substream's sink feeds the stage that runs it). @internal */
  feeds(): StageLogic | null {
    return null
  }

  /** A counter of work done that no connection shows (a fused run with no port). @internal */
  progress(): number {
    return 0
  }

  /**
   * Returns a function that may be called from anywhere (a Promise reaction, another run, a
   * user's code) and runs `handler` inside this stage, serialized with its other signals.
   * Calls after the stage stopped are dropped.
   */
  getAsyncCallback<A = void>(handler: (arg: A) => void): (arg: A) => void {
    return (arg: A) => this.interpreter.invoke(this, handler as (arg: unknown) => void, arg)
  }

  /**
   * Runs `hook` once when this stage stops, after `postStop` (each runs even if another throws).
   * Returns a function that unregisters it (for helpers that come and go, like substreams).
   */
  onStop(hook: () => void): () => void {
    const hooks = (this.stopHooks ??= [])
    hooks.push(hook)
    return () => {
      const i = this.stopHooks?.indexOf(hook) ?? -1
      if (i >= 0) this.stopHooks!.splice(i, 1)
    }
  }

  // ---- bookkeeping --------------------------------------------------------------------------

  /** @internal */
  portClosed(): void {
    const rt = this.rt
    if (--rt.openPorts === 0 && !rt.running) this.stopIfDone()
  }

  /** @internal */
  stopIfDone(): void {
    const rt = this.rt
    if (rt.openPorts <= 0 && !rt.keepGoing && !rt.stopped && !rt.running && this.interpreter !== null) this.interpreter.stop(rt)
  }
}

/**
 * A stage with one inlet `in` and one outlet `out` that is its own handler for both. By default
 * `onPull` pulls `in` (and then the runtime skips the stage entirely on the pull path), upstream
 * completion completes the stage and downstream cancellation cancels upstream.
 *
 * @category core
 * @since 0.1.0
 */
export abstract class LinearStage<In, Out> extends StageLogic implements InHandler, OutHandler {
  readonly in: Inlet<In>
  readonly out: Outlet<Out>
  constructor() {
    super()
    this.in = this.inlet<In>('in', this)
    this.out = this.outlet<Out>('out', this)
    if (this.onPull === LinearStage.prototype.onPull) this.out.passTo = this.in as Inlet<unknown>
  }
  abstract onPush(): void
  onPull(): void {
    this.pull(this.in)
  }
  /**
   * Declares that from now on `onPull` would only pull `in`, so the runtime may skip this stage
   * on the pull path (for stages that override `onPull` for a first phase only, like `scan`).
   */
  protected passPullsThrough(): void {
    this.out.setHandler(this)
    this.out.passTo = this.in as Inlet<unknown>
  }
  onUpstreamFinish(): void {
    this.completeStage()
  }
  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }
  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}

/**
 * A stage with one outlet `out`. Cancellation stops it.
 *
 * @category core
 * @since 0.1.0
 */
export abstract class SourceStage<Out> extends StageLogic implements OutHandler {
  readonly out: Outlet<Out>
  constructor() {
    super()
    this.out = this.outlet<Out>('out', this)
  }
  abstract onPull(): void
  onDownstreamFinish(_cause: unknown): void {
    this.completeStage()
  }
}

/**
 * A stage with one inlet `in`. Completion and failure stop it.
 *
 * @category core
 * @since 0.1.0
 */
export abstract class SinkStage<In> extends StageLogic implements InHandler {
  readonly in: Inlet<In>
  constructor() {
    super()
    this.in = this.inlet<In>('in', this)
  }
  abstract onPush(): void
  onUpstreamFinish(): void {
    this.completeStage()
  }
  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }
}
