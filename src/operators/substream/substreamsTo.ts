import { flowOf, type FlowGraph, type NotUsed, type SinkGraph, type SourceGraph } from '../../core/Graph.js'
import { materialize } from '../../core/materialize.js'
import { keepLeft } from '../../core/Module.js'
import { DOWN_DONE } from '../../core/ports.js'
import { LinearStage, type StageLogic } from '../../core/StageLogic.js'

/**
 * Runs each incoming substream into its own copy of `sink` and emits nothing: the end of a
 * `groupBy`/`splitWhen` pipeline whose substreams each end in a sink. The DSL's
 * `subFlow.to(sink)` is built on it.
 *
 * ```
 * in:   -A-----B-----|         (A, B: substream Sources)
 * A:     1--3--|               ──▶ sink #1
 * B:           2--4--|         ──▶ sink #2
 * out:  -------------------|   (completes when upstream and every substream ended)
 * ```
 * - **Emits when** never
 * - **Backpressures when** never: a new substream is started as soon as it arrives (the splitting
 *   operator bounds how many there are)
 * - **Completes when** upstream completed and every substream has completed or been cancelled by its sink
 * - **Fails when** upstream fails, or a substream fails or its sink cancels with an error
 * - **Cancels when** downstream cancels (substreams already running go on)
 *
 * @example
 * ```ts
 * const seen: number[] = []
 * Source.range(1, 4).groupBy(2, (x) => x % 2).to(Sink.forEach((x: number) => seen.push(x))).run()
 * await new Promise((r) => setTimeout(r, 10)) // the graph materializes the source's value (nothing to await)
 * seen.sort() // [1, 2, 3, 4]
 * ```
 * @see {@link mergeSubstreams}
 * @category substream
 * @since 0.1.0
 */
export function substreamsTo<T>(sink: SinkGraph<T, unknown>): FlowGraph<SourceGraph<T, unknown>, never, NotUsed> {
  return flowOf('substreamsTo', () => new SubstreamsTo(sink))
}

class SubstreamsTo<T> extends LinearStage<SourceGraph<T, unknown>, never> {
  private running = 0
  constructor(private readonly sink: SinkGraph<T, unknown>) {
    super()
  }
  override preStart(): void {
    this.pull(this.in)
  }
  override onPull(): void {}
  onPush(): void {
    const source = this.grab(this.in)
    this.running++
    const watch = flowOf<T, T>(`${this.name}.watch`, () => new Watch<T>(this))
    const graph = source.module.compose(watch.module, [[0, 0]], keepLeft).compose(this.sink.module, [[0, 0]], keepLeft)
    materialize(graph, {}, this.interpreter)
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (this.running === 0) this.completeStage()
  }
  /** @internal */ substreamEnded(error: unknown): void {
    this.running--
    if (error !== undefined) this.failStage(error)
    else if (this.running === 0 && this.isClosed(this.in)) this.completeStage()
  }
}

function ended(this: StageLogic, error: unknown): void {
  ;(this as SubstreamsTo<unknown>).substreamEnded(error)
}

/** Sits in front of each substream's sink and tells the owner when the substream is over. */
class Watch<T> extends LinearStage<T, T> {
  private told = false
  constructor(private readonly owner: SubstreamsTo<T>) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFinish(): void {
    // The sink may have failed on the last element, its cancel still on the way: that cause wins.
    const conn = this.out.conn
    this.tell((conn.state & DOWN_DONE) !== 0 ? conn.cause : undefined)
    super.onUpstreamFinish()
  }
  override onUpstreamFailure(error: unknown): void {
    this.tell(error)
    super.onUpstreamFailure(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    this.tell(cause)
    super.onDownstreamFinish(cause)
  }
  private tell(error: unknown): void {
    if (this.told) return
    this.told = true
    this.owner.interpreter.runOrQueue(this.owner, ended, error)
  }
}
