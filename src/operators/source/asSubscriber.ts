import { requirePositiveInt } from '../../core/args.js'
import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { DEFAULT_BOUNDARY_BUFFER } from '../../core/materialize.js'
import { SubscriberSource } from '../../core/SubscriberSource.js'
import type { Subscriber } from '../../spec/types.js'
import type { SubscriberOptions } from './fromPublisher.js'

/**
 * Materializes a Reactive Streams Subscriber; what any Publisher sends to it is emitted here.
 *
 * ```
 * out: --a--b--c|
 * ```
 * - **Emits when** the Subscriber received an element and downstream pulls
 * - **Backpressures when** the buffer is empty
 * - **Completes when** the Publisher completes and the buffer is drained
 * - **Fails when** the Publisher fails or sends more than was requested
 * - **Cancels when** downstream cancels (the Subscription is cancelled, also one that arrives later)
 *
 * @example
 * ```ts
 * const [subscriber, done] = Source.asSubscriber<number>().toMat(Sink.collect(), Keep.both).run()
 * Source.range(1, 3).runWith(Sink.asPublisher()).subscribe(subscriber)
 * await done // [1, 2, 3]
 * ```
 * @see {@link fromPublisher}
 * @category source
 * @since 0.1.0
 */
export function asSubscriber<T>(options: SubscriberOptions = {}): SourceGraph<T, Subscriber<T>> {
  const size = requirePositiveInt('asSubscriber', 'bufferSize', options.bufferSize ?? DEFAULT_BOUNDARY_BUFFER)
  return sourceOf('asSubscriber', () => new SubscriberSource<T>(null, size, 'asSubscriber'))
}
