import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { LazySink } from './internal/LazySink.js'

/**
 * Creates the real sink with `factory` when the first element arrives, then sends it every
 * element; the Promise resolves with that sink's materialized value (Pekko's `Sink.lazySink`).
 * If the stream ends before any element, `factory` never runs and the Promise rejects with
 * `NeverMaterializedError`.
 *
 * ```
 * in:      ---a--b--|
 * factory: ---*           lazySink(factory)   (the inner sink sees a, b, then completion)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** the inner sink backpressures (before it exists: after the first element)
 * - **Completes when** upstream completes and the inner sink has the last element (the inner sink completes too)
 * - **Fails when** upstream fails (the inner sink fails too) or `factory` throws (the Promise rejects)
 * - **Cancels when** the inner sink cancels, or `factory` throws
 *
 * @example
 * ```ts
 * let created = 0
 * const sink = Sink.lazySink(() => { created++; return Sink.collect<number>() })
 * const inner = await Source.range(1, 3).runWith(sink)
 * await inner // [1, 2, 3]
 * created // 1
 * ```
 * @see {@link lazyFutureSink}, {@link futureSink}
 * @category sink
 * @since 0.2.0
 */
export function lazySink<T, M>(factory: () => SinkGraph<T, M>): SinkGraph<T, Promise<M>> {
  requireFunction('lazySink', 'factory', factory)
  return sinkOf('lazySink', () => new LazySink<T, M>(factory))
}
