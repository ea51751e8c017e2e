import type { FlowGraph, NotUsed, SinkGraph } from '../../core/Graph.js'
import { broadcastModule } from './broadcast.js'
import { attachSink } from './internal/attachSink.js'

/**
 * Passes elements on and also sends each one to every sink in `sinks` (Pekko's `alsoToAll`):
 * {@link alsoTo} with several sinks. The slowest of downstream and the sinks sets the pace.
 *
 * ```
 * in:  -a-b-|
 * out: -a-b-|     alsoToAll(s1, s2)   (s1 and s2 each get a, b, then completion)
 * ```
 * - **Emits when** downstream and every sink have asked for the element
 * - **Backpressures when** downstream or any sink backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream or any sink cancels
 *
 * @example
 * ```ts
 * const audit: number[] = []
 * const metrics: number[] = []
 * await Source.range(1, 2).alsoToAll(Sink.forEach((x: number) => audit.push(x)), Sink.forEach((x: number) => metrics.push(x * 10))).runCollect() // [1, 2]
 * metrics // [10, 20]
 * ```
 * @see {@link alsoTo}, {@link wireTap}
 * @category fan-out
 * @since 0.2.0
 */
export function alsoToAll<T>(...sinks: SinkGraph<T, unknown>[]): FlowGraph<T, T, NotUsed> {
  let module = broadcastModule(sinks.length + 1, true, 'alsoToAll')
  for (const [i, sink] of sinks.entries()) {
    if (sink === null || typeof sink !== 'object' || sink.module === undefined)
      throw new TypeError(`alsoToAll(sinks): expected a Sink at position ${i}, got ${String(sink)}`)
    // Outlet 0 stays open (downstream); each attached sink takes the first free one, 1.
    module = attachSink(module, sink as SinkGraph<never, unknown>, 1)
  }
  return { module: module.mapMat(() => undefined) }
}
