/**
 * Lets a stage run a Source as a substream inside its own interpreter and read from it as if
 * it were one more inlet (`flatMapConcat`, `lazySource`, `recoverWith`, ...).
 *
 * @module
 */
import { StageProtocolError } from './errors.js'
import type { SourceGraph } from './Graph.js'
import { materialize } from './materialize.js'
import { Module, stageDesc } from './Module.js'
import type { InHandler } from './ports.js'
import { SinkStage, type StageLogic } from './StageLogic.js'

/**
 * An inlet fed by a substream. The owner calls `pull()`, then gets `handler.onPush()` and calls
 * `grab()`; completion and failure of the substream arrive at the handler too. The substream is
 * cancelled when the owner stops.
 *
 * @example
 * ```ts
 * // a source stage that emits the elements of a source it creates when first pulled
 * class Deferred<T> extends SourceStage<T> {
 *   private inner: SubSinkInlet<T> | null = null
 *   constructor(private readonly create: () => SourceGraph<T, unknown>) {
 *     super()
 *   }
 *   onPull(): void {
 *     if (this.inner === null) {
 *       const inner = new SubSinkInlet<T>(this, 'inner', {
 *         onPush: () => this.push(this.out, inner.grab()),
 *         onUpstreamFinish: () => this.completeStage(),
 *         onUpstreamFailure: (e) => this.failStage(e),
 *       })
 *       this.inner = inner
 *       inner.materialize(this.create())
 *     }
 *     this.inner.pull()
 *   }
 * }
 * const deferred = Source.fromGraph(sourceOf<number>('deferred', () => new Deferred(() => Source.range(1, 3))))
 * await deferred.runCollect() // [1, 2, 3]
 * ```
 * @category core
 * @since 0.1.0
 */
export class SubSinkInlet<T> {
  private sink: SubSink<T> | null = null
  private elem: T | undefined = undefined
  private closed = false
  private pulled = false
  /** Signals queued for the owner and not yet delivered: later ones queue behind them, in order. */
  private queued = 0
  private readonly unregister: () => void

  constructor(
    /** The stage that reads the substream. @internal */
    readonly owner: StageLogic,
    readonly label: string,
    private readonly handler: InHandler,
  ) {
    this.unregister = owner.onStop(() => this.cancel())
  }

  /** Runs `source` feeding this inlet; returns the source's materialized value. */
  materialize<Mat>(source: SourceGraph<T, Mat>): Mat {
    if (this.sink !== null) throw new StageProtocolError(`${this.owner.name}.${this.label}: materialized twice`)
    let sink: SubSink<T> | null = null
    const desc = stageDesc(`${this.owner.name}.${this.label}`, 1, 0, () => (sink = new SubSink<T>(this)))
    const sinkModule = Module.of(this.owner.site === undefined ? desc : { ...desc, site: this.owner.site }, true)
    const closed = source.module.compose(sinkModule, [[0, 0]], (l) => l)
    const mat = materialize(closed, {}, this.owner.interpreter) as Mat
    this.sink = sink
    if (this.pulled && sink !== null && !this.closed) (sink as SubSink<T>).pull((sink as SubSink<T>).in)
    return mat
  }

  /** Asks the substream for one element. */
  pull(): void {
    if (this.closed) return
    if (this.pulled || this.elem !== undefined)
      throw new StageProtocolError(`${this.owner.name}.${this.label}: pull twice or before grab`)
    this.pulled = true
    const sink = this.sink
    if (sink !== null && !sink.isStopped) sink.pull(sink.in)
  }

  /** Takes the element that `onPush` announced. */
  grab(): T {
    const elem = this.elem
    if (elem === undefined) throw new StageProtocolError(`${this.owner.name}.${this.label}: grab with no element available`)
    this.elem = undefined
    return elem
  }

  isAvailable(): boolean {
    return this.elem !== undefined
  }

  hasBeenPulled(): boolean {
    return this.pulled
  }

  isClosed(): boolean {
    return this.closed
  }

  /** Cancels the substream. */
  cancel(cause?: unknown): void {
    if (this.closed) return
    this.closed = true
    this.unregister()
    this.pulled = false
    this.elem = undefined
    const sink = this.sink
    if (sink !== null && !sink.isStopped) sink.cancelStage(cause)
  }

  /** @internal */ received(elem: T): void {
    if (this.closed) return
    this.pulled = false
    this.elem = elem
    this.signal(SIGNAL_PUSH, undefined)
  }

  /** @internal */ finished(failed: boolean, error: unknown): void {
    if (this.closed) return
    this.closed = true
    this.pulled = false
    this.unregister()
    this.signal(failed ? SIGNAL_FAILURE : SIGNAL_FINISH, error)
  }

  private signal(kind: number, error: unknown): void {
    const interpreter = this.owner.interpreter
    // Once one signal waits in the queue, later ones wait behind it: completion must not overtake an element.
    if (this.queued > 0) {
      this.queued++
      interpreter.invoke(this.owner, deliverQueued, [this, kind, error])
    } else if (!interpreter.runOrQueue(this.owner, deliverQueued, [this, kind, error])) this.queued++
  }

  /** @internal */ isQueued(): boolean {
    return this.queued > 0
  }

  /** @internal */ deliver(kind: number, error: unknown, fromQueue: boolean): void {
    if (fromQueue) this.queued--
    if (kind === SIGNAL_PUSH) this.handler.onPush()
    else if (kind === SIGNAL_FINISH) this.handler.onUpstreamFinish()
    else this.handler.onUpstreamFailure(error)
  }
}

const SIGNAL_PUSH = 0
const SIGNAL_FINISH = 1
const SIGNAL_FAILURE = 2

function deliverQueued(this: StageLogic, arg: unknown): void {
  const [inlet, kind, error] = arg as [SubSinkInlet<unknown>, number, unknown]
  // runOrQueue runs at once (not from the queue) only when nothing was queued before.
  inlet.deliver(kind, error, inlet.isQueued())
}

class SubSink<T> extends SinkStage<T> {
  constructor(private readonly target: SubSinkInlet<T>) {
    super()
  }
  override feeds(): StageLogic {
    return this.target.owner
  }
  onPush(): void {
    this.target.received(this.grab(this.in))
  }
  override onUpstreamFinish(): void {
    this.target.finished(false, undefined)
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.target.finished(true, error)
    this.failStage(error)
  }
}
