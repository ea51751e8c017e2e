import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PublisherSink } from '../../core/PublisherSink.js'
import type { Publisher } from '../../spec/types.js'

/**
 * Materializes a Reactive Streams Publisher that emits the stream's elements to one Subscriber,
 * as fast as it requests them. A second Subscriber is refused with `onError` (§1.10). The run
 * waits for the Subscriber; if upstream ends first, the Subscriber is told on arrival.
 *
 * - **Backpressures when** the Subscriber's outstanding demand is 0
 * - **Completes when** upstream completes (the Subscriber gets `onComplete`)
 * - **Fails when** upstream fails (the Subscriber gets `onError`)
 * - **Cancels when** the Subscriber cancels or requests a non-positive amount (§3.9)
 *
 * @example
 * ```ts
 * const publisher = Source.range(1, 3).runWith(Sink.asPublisher())
 * await Source.fromPublisher(publisher).runCollect() // [1, 2, 3]
 * ```
 * @see {@link fromSubscriber}
 * @category sink
 * @since 0.1.0
 */
export function asPublisher<T>(): SinkGraph<T, Publisher<T>> {
  return sinkOf('asPublisher', () => new PublisherSink<T>())
}
