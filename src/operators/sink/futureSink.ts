import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { isThenable } from '../async/internal/thenable.js'
import { LazySink } from './internal/LazySink.js'

/**
 * A sink from a Promise of a sink: once the first element arrives and the Promise has resolved,
 * sends every element to that sink; the materialized Promise resolves with its value (Pekko's
 * `Sink.futureSink`, which also waits for the first element). A rejected Promise fails the
 * stream.
 *
 * ```
 * in:      -a----b--|
 * promise: [---]          futureSink(promise)   (a waits for the sink)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** the Promise is pending, or the inner sink backpressures
 * - **Completes when** upstream completes and the inner sink has the last element
 * - **Fails when** upstream fails or the Promise rejects (the materialized Promise rejects too)
 * - **Cancels when** the inner sink cancels, or the Promise rejects
 *
 * Gotchas: every run uses the sink the one Promise resolved to; a sink blueprint can run many
 * times, so that is fine, but anything the Promise captured is shared.
 *
 * @example
 * ```ts
 * const ready = Promise.resolve(Sink.collect<string>())
 * const inner = await Source.from(['a', 'b']).runWith(Sink.futureSink(ready))
 * await inner // ['a', 'b']
 * ```
 * @see {@link lazyFutureSink}, {@link lazySink}
 * @category sink
 * @since 0.2.0
 */
export function futureSink<T, M>(promise: PromiseLike<SinkGraph<T, M>>): SinkGraph<T, Promise<M>> {
  if (!isThenable(promise))
    throw new TypeError(`futureSink(promise): expected a Promise, got ${promise === null ? 'null' : typeof promise}`)
  return sinkOf('futureSink', () => new LazySink<T, M>(() => promise))
}
