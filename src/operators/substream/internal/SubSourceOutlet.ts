/**
 * The mirror of `SubSinkInlet`: lets a stage hand out a `Source` whose elements it pushes itself
 * (the substreams of `groupBy` and `splitWhen`, the tail of `prefixAndTail`, the input of the
 * flow inside `RestartFlow` and `flatMapPrefix`).
 *
 * ```
 *   owner stage                         substream (wherever it is run)
 *  ┌───────────────┐  push/complete/fail  ┌───────────┐
 *  │ SubSourceOutlet├────────────────────▶│ SubSource ├──▶ user's flow ──▶ ...
 *  │  handler.onPull◀────────────────────┤  (stage)  │
 *  └───────────────┘   pull / cancel      └───────────┘
 * ```
 *
 * Signals cross in both directions with `runOrQueue`: at once when the other side is idle in the
 * same interpreter, otherwise queued (or, for a substream run by another `run()`, delivered in a
 * microtask). The substream may be run only once; a substream not run within its timeout is
 * given up (the owner sees a cancel whose cause is a {@link SubstreamTimeoutError}).
 *
 * @module
 */
import { AbruptTerminationError, StageProtocolError } from '../../../core/errors.js'
import type { NotUsed, SourceGraph } from '../../../core/Graph.js'
import { Module, stageDesc } from '../../../core/Module.js'
import type { OutHandler } from '../../../core/ports.js'
import type { TimerHandle } from '../../../core/Scheduler.js'
import { SourceStage, type StageLogic } from '../../../core/StageLogic.js'
import { SubstreamTimeoutError } from '../errors.js'
import { releaseLastStopHook } from './releaseLastStopHook.js'

const NONE = 0
const COMPLETE = 1
const FAIL = 2

/**
 * An outlet of `owner` that feeds a substream. The owner gets `handler.onPull()` when the
 * substream asks for an element and `handler.onDownstreamFinish(cause)` when it cancels; it
 * answers with `push`, `complete` and `fail`, as on an ordinary outlet.
 *
 * @internal
 */
export class SubSourceOutlet<T> {
  private stage: SubSource<T> | null = null
  private graph: SourceGraph<T, NotUsed> | null = null
  private taken = false
  private pulled = false
  private closed = false
  private terminal = NONE
  private failure: unknown = undefined
  /** owner → substream signals handed to `runOrQueue` that have not run yet (keeps them in order) */
  private inFlight = 0
  private timer: TimerHandle | null = null
  private readonly releaseHook: () => void

  constructor(
    private readonly owner: StageLogic,
    readonly label: string,
    private readonly handler: OutHandler,
  ) {
    owner.onStop(() => this.ownerStopped())
    this.releaseHook = releaseLastStopHook(owner)
  }

  /** The substream as a blueprint; it may be run once. */
  source(): SourceGraph<T, NotUsed> {
    if (this.graph !== null) return this.graph
    const desc = stageDesc(`${this.owner.name}.${this.label}`, 0, 1, () => this.createStage())
    return (this.graph = { module: Module.of(this.owner.site === undefined ? desc : { ...desc, site: this.owner.site }, true) })
  }

  /** Gives up on the substream if it is not run within `ms` (on the owner's scheduler). */
  timeout(ms: number): void {
    if (this.stage !== null || this.closed || this.timer !== null) return
    const fire = this.owner.getAsyncCallback<void>(() => this.timedOut(ms))
    this.timer = this.owner.scheduler.setTimeout(() => fire(), ms)
  }

  /** The substream pulled and nothing was pushed since. */
  isAvailable(): boolean {
    return this.pulled && !this.closed
  }

  /** Completed or failed by the owner, or cancelled by the substream. */
  isClosed(): boolean {
    return this.closed
  }

  /** Sends one element to the substream; only after `handler.onPull`. */
  push(elem: T): void {
    if (!this.pulled || this.closed)
      throw new StageProtocolError(`${this.owner.name}.${this.label}: ${this.closed ? 'push to a closed port' : 'push before pull'}`)
    this.pulled = false
    this.toSub(doPush, elem)
  }

  /** Completes the substream (after any element already pushed). */
  complete(): void {
    this.close(COMPLETE, undefined)
  }

  /** Fails the substream with `error`. */
  fail(error: unknown): void {
    this.close(FAIL, error)
  }

  private close(kind: number, error: unknown): void {
    if (this.closed) return
    this.closed = true
    this.pulled = false
    this.clearTimer()
    this.releaseHook()
    if (this.stage === null) {
      this.terminal = kind
      this.failure = error
    } else if (kind === COMPLETE) this.toSub(doComplete, undefined)
    else this.toSub(doFail, error)
  }

  private toSub(fn: (this: SubSource<T>, arg: unknown) => void, arg: unknown): void {
    const stage = this.stage!
    this.inFlight++
    // Once one signal had to wait, later ones wait behind it so the substream sees them in order.
    if (this.inFlight > 1) stage.interpreter.invoke(stage, fn as (arg: unknown) => void, arg)
    else stage.interpreter.runOrQueue(stage, fn as (arg: unknown) => void, arg)
  }

  private createStage(): SubSource<T> {
    if (this.taken) throw new StageProtocolError(`${this.owner.name}.${this.label}: a substream Source can be run only once`)
    this.taken = true
    return new SubSource<T>(this)
  }

  /** @internal */ attached(stage: SubSource<T>): void {
    this.stage = stage
    this.clearTimer()
    if (this.terminal === COMPLETE) stage.completeStage()
    else if (this.terminal === FAIL) stage.failStage(this.failure)
  }

  /** @internal */ signalled(): void {
    this.inFlight--
  }

  /** @internal */ subPulled(): void {
    this.owner.interpreter.runOrQueue(this.owner, deliverPull, this)
  }

  /** @internal */ subCancelled(cause: unknown): void {
    this.owner.interpreter.runOrQueue(this.owner, deliverCancel, [this, cause])
  }

  /** @internal */ pullArrived(): void {
    if (this.closed) return
    this.pulled = true
    this.handler.onPull()
  }

  /** @internal */ cancelArrived(cause: unknown): void {
    if (this.closed) return
    this.closed = true
    this.pulled = false
    this.releaseHook()
    this.handler.onDownstreamFinish(cause)
  }

  private timedOut(ms: number): void {
    this.timer = null
    if (this.stage !== null || this.closed) return
    const error = new SubstreamTimeoutError(this.owner.name, ms)
    this.terminal = FAIL
    this.failure = error
    this.cancelArrived(error)
  }

  private clearTimer(): void {
    if (this.timer === null) return
    this.owner.scheduler.clearTimeout(this.timer)
    this.timer = null
  }

  private ownerStopped(): void {
    this.clearTimer()
    // The owner should have closed its substreams; if it stopped abruptly, do not leave one hanging.
    this.close(FAIL, new AbruptTerminationError(`${this.owner.name}.${this.label}: the stage feeding this substream stopped`))
  }
}

function deliverPull(this: StageLogic, outlet: unknown): void {
  ;(outlet as SubSourceOutlet<unknown>).pullArrived()
}
function deliverCancel(this: StageLogic, arg: unknown): void {
  const [outlet, cause] = arg as [SubSourceOutlet<unknown>, unknown]
  outlet.cancelArrived(cause)
}
function doPush<T>(this: SubSource<T>, elem: unknown): void {
  this.target.signalled()
  this.push(this.out, elem as T)
}
function doComplete<T>(this: SubSource<T>): void {
  this.target.signalled()
  this.completeStage()
}
function doFail<T>(this: SubSource<T>, error: unknown): void {
  this.target.signalled()
  this.failStage(error)
}

/** The stage at the head of the substream; the owner drives it. */
class SubSource<T> extends SourceStage<T> {
  constructor(readonly target: SubSourceOutlet<T>) {
    super()
  }
  override preStart(): void {
    this.target.attached(this)
  }
  onPull(): void {
    this.target.subPulled()
  }
  override onDownstreamFinish(cause: unknown): void {
    this.target.subCancelled(cause)
    this.completeStage()
  }
}
