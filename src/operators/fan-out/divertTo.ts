import { requireFunction } from '../../core/args.js'
import type { FlowGraph, SinkGraph } from '../../core/Graph.js'
import { attachSink } from './internal/attachSink.js'
import { partitionModule } from './partition.js'

/**
 * Sends the elements for which `predicate` holds to `sink` instead of downstream; the others
 * pass on. Each element waits until its destination has asked for it.
 *
 * ```
 * in:   -1-2-3-4|
 * out:  -1---3--|        divertTo(sink, (x) => x % 2 === 0)
 * sink: ---2---4|
 * ```
 * - **Emits when** the chosen destination has pulled and upstream emits
 * - **Backpressures when** the chosen destination backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or `predicate` throws
 * - **Cancels when** downstream or `sink` cancels
 *
 * @example
 * ```ts
 * const errors: number[] = []
 * await Source.range(1, 4).divertTo(Sink.forEach((x: number) => errors.push(x)), (x) => x % 2 === 0).runCollect() // [1, 3]
 * ```
 * @see {@link Partition}, {@link alsoTo}, {@link wireTap}
 * @category fan-out
 * @since 0.1.0
 */
export function divertTo<T, M>(sink: SinkGraph<T, M>, predicate: (element: T) => boolean): FlowGraph<T, T, M> {
  requireFunction('divertTo', 'predicate', predicate)
  const partitioner = (x: T): number => (predicate(x) ? 1 : 0)
  return { module: attachSink(partitionModule(2, partitioner, true, 'divertTo'), sink as SinkGraph<never, unknown>, 1) }
}
