import { requireDefined } from '../../core/args.js'
import { sinkOf, type NotUsed, type SinkGraph } from '../../core/Graph.js'
import { PublisherSink } from '../../core/PublisherSink.js'
import type { Publisher, Subscriber } from '../../spec/types.js'

/**
 * Sends the stream to a Reactive Streams Subscriber, following its demand.
 *
 * - **Backpressures when** the Subscriber's outstanding demand is 0
 * - **Completes when** upstream completes (`onComplete`)
 * - **Fails when** upstream fails (`onError`)
 * - **Cancels when** the Subscriber cancels
 *
 * @example
 * ```ts
 * const [subscriber, done] = Source.asSubscriber<number>().toMat(Sink.collect(), Keep.both).run()
 * Source.range(1, 3).runWith(Sink.fromSubscriber(subscriber))
 * await done // [1, 2, 3]
 * ```
 * @see {@link asPublisher}
 * @category sink
 * @since 0.1.0
 */
export function fromSubscriber<T>(subscriber: Subscriber<T>): SinkGraph<T, NotUsed> {
  requireDefined('fromSubscriber', 'subscriber', subscriber)
  return sinkOf('fromSubscriber', () => new SubscriberSink(subscriber))
}

class SubscriberSink<T> extends PublisherSink<T> {
  private readonly ownPublisher: Publisher<T>
  constructor(private readonly target: Subscriber<T>) {
    super()
    this.ownPublisher = this.mat as Publisher<T>
    this.mat = undefined
  }
  override preStart(): void {
    this.ownPublisher.subscribe(this.target)
  }
}
