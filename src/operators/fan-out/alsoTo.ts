import type { FlowGraph, SinkGraph } from '../../core/Graph.js'
import { broadcastModule } from './broadcast.js'
import { attachSink } from './internal/attachSink.js'

/**
 * Passes elements on and also sends each one to `sink`. An element goes out only when both the
 * downstream and `sink` have asked, so a slow `sink` slows the stream.
 *
 * ```
 * in:   -1-2-3|
 * out:  -1-2-3|
 * sink: -1-2-3|
 * ```
 * - **Emits when** both downstream and `sink` have pulled and upstream emits
 * - **Backpressures when** downstream or `sink` backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream or `sink` cancels
 *
 * @example
 * ```ts
 * const seen: number[] = []
 * await Source.range(1, 3).alsoTo(Sink.forEach((x: number) => seen.push(x))).runCollect() // [1, 2, 3]; seen too
 * ```
 * @see {@link Broadcast}, {@link wireTap}, {@link divertTo}
 * @category fan-out
 * @since 0.1.0
 */
export function alsoTo<T, M>(sink: SinkGraph<T, M>): FlowGraph<T, T, M> {
  return { module: attachSink(broadcastModule(2, true, 'alsoTo'), sink as SinkGraph<never, unknown>, 1) }
}
