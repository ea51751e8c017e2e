import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { LazySink } from './internal/LazySink.js'

/**
 * Like {@link lazySink} with a factory that returns a Promise of the sink: when the first
 * element arrives, calls `factory` and waits for the sink (holding that element, asking for no
 * more), then sends it every element (Pekko's `Sink.lazyFutureSink`).
 *
 * ```
 * in:      ---a--b--|
 * factory: ---[--]       lazyFutureSink(factory)   (b is asked for once the sink is running)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** the sink's Promise is pending, or the inner sink backpressures
 * - **Completes when** upstream completes and the inner sink has the last element
 * - **Fails when** upstream fails, `factory` throws, or its Promise rejects (the materialized Promise rejects too)
 * - **Cancels when** the inner sink cancels, `factory` throws or its Promise rejects
 *
 * @example
 * ```ts
 * const connect = async () => Sink.fold<number, number>(0, (acc, x) => acc + x)
 * const inner = await Source.range(1, 4).runWith(Sink.lazyFutureSink(connect))
 * await inner // 10
 * ```
 * @see {@link lazySink}, {@link futureSink}
 * @category sink
 * @since 0.2.0
 */
export function lazyFutureSink<T, M>(factory: () => PromiseLike<SinkGraph<T, M>>): SinkGraph<T, Promise<M>> {
  requireFunction('lazyFutureSink', 'factory', factory)
  return sinkOf('lazyFutureSink', () => new LazySink<T, M>(factory))
}
