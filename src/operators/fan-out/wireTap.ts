import type { FlowGraph, NotUsed, SinkGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { InHandler, Inlet, Outlet } from '../../core/ports.js'
import { FanOutShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSink } from './internal/attachSink.js'
import { IndexedOutHandler, type IndexedOutputs } from './internal/IndexedOutHandler.js'

/**
 * Passes elements on and offers each one to `sink` without waiting for it: when `sink` has not
 * asked, the element is not sent there. `sink` never slows the stream, and its cancellation is
 * ignored.
 *
 * ```
 * in:   -1-2-3|
 * out:  -1-2-3|
 * sink: -1---3|       (it was busy when 2 went by)
 * ```
 * - **Emits when** downstream has pulled and upstream emits (to `sink` too if it has pulled)
 * - **Backpressures when** downstream backpressures (never because of `sink`)
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const seen: number[] = []
 * await Source.range(1, 3).wireTap(Sink.forEach((x: number) => seen.push(x))).runCollect() // [1, 2, 3]
 * ```
 * @see {@link alsoTo}, {@link WireTap}
 * @category fan-out
 * @since 0.1.0
 */
export function wireTap<T, M>(sink: SinkGraph<T, M>): FlowGraph<T, T, M> {
  return { module: attachSink(wireTapModule(), sink as SinkGraph<never, unknown>, 1) }
}

/**
 * Graph-building form of {@link wireTap}: `out0` is the main output, `out1` the tap.
 *
 * @example
 * ```ts
 * const tap = WireTap.create<number>()
 * ```
 * @category fan-out
 * @since 0.1.0
 */
export const WireTap = {
  create<T>(): ShapedGraph<FanOutShape2<T, T, T>, NotUsed> {
    return shaped(wireTapModule(), FanOutShape2.template<T, T, T>())
  },
}

function wireTapModule(): Module {
  return Module.of(stageDesc('wireTap', 1, 2, () => new WireTapLogic()))
}

class WireTapLogic<T> extends StageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<T>
  private readonly main: Outlet<T>
  private readonly tap: Outlet<T>

  constructor() {
    super()
    this.in = this.inlet<T>('in', this)
    this.main = this.outlet<T>('out0', new IndexedOutHandler(this, 0))
    this.tap = this.outlet<T>('out1', new IndexedOutHandler(this, 1))
  }

  onPullFrom(index: number): void {
    if (index === 0) this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    if (this.isAvailable(this.main)) this.push(this.main, elem) // else its cancel is on its way
    if (this.isAvailable(this.tap)) this.push(this.tap, elem)
  }

  onUpstreamFinish(): void {
    this.completeStage()
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }

  onCancelFrom(index: number, cause: unknown): void {
    if (index === 0) this.cancelStage(cause)
  }
}
