import { requireDuration, type Duration } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PublisherSink } from '../../core/PublisherSink.js'
import type { Publisher, Subscriber, Subscription } from '../../spec/types.js'
import { SubscriptionTimeoutError } from './SubscriptionTimeoutError.js'

/** Options of {@link asPublisher}. @category sink @since 0.2.0 */
export interface AsPublisherOptions {
  /**
   * How long the run waits for a Subscriber (default: forever). When none has come by then,
   * upstream is cancelled with a `SubscriptionTimeoutError`, and a Subscriber that comes later
   * gets that error (Pekko's subscription timeout, mode `cancel`).
   */
  readonly subscriptionTimeout?: Duration
}

/**
 * Materializes a Reactive Streams Publisher that emits the stream's elements to one Subscriber,
 * as fast as it requests them. A second Subscriber is refused with `onError` (§1.10). The run
 * waits for the Subscriber (up to `options.subscriptionTimeout`, when given); if upstream ends
 * first, the Subscriber is told on arrival.
 *
 * - **Backpressures when** the Subscriber's outstanding demand is 0
 * - **Completes when** upstream completes (the Subscriber gets `onComplete`)
 * - **Fails when** upstream fails (the Subscriber gets `onError`)
 * - **Cancels when** the Subscriber cancels or requests a non-positive amount (§3.9), or no Subscriber came within `subscriptionTimeout` (with a `SubscriptionTimeoutError`)
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
export function asPublisher<T>(options: AsPublisherOptions = {}): SinkGraph<T, Publisher<T>> {
  if (options.subscriptionTimeout === undefined) return sinkOf('asPublisher', () => new PublisherSink<T>())
  const ms = requireDuration('asPublisher', 'options.subscriptionTimeout', options.subscriptionTimeout)
  return sinkOf('asPublisher', () => new TimedPublisherSink<T>(ms))
}

const noSubscription: Subscription = { request() {}, cancel() {} }

/** A PublisherSink that gives up on its Subscriber after `ms`. */
class TimedPublisherSink<T> extends PublisherSink<T> {
  /** A Subscriber called `subscribe` (set from its call stack: a flag only, no stage signal). */
  private arrived = false
  private timedOut: SubscriptionTimeoutError | null = null
  constructor(private readonly ms: number) {
    super()
    const inner = this.mat as Publisher<T>
    this.mat = {
      subscribe: (subscriber: Subscriber<T>) => {
        if (this.timedOut !== null && subscriber !== null && subscriber !== undefined) {
          subscriber.onSubscribe(noSubscription)
          subscriber.onError(this.timedOut)
          return
        }
        this.arrived = true
        inner.subscribe(subscriber)
      },
    } satisfies Publisher<T>
  }
  override preStart(): void {
    super.preStart()
    this.scheduleOnce('subscriptionTimeout', this.ms)
  }
  override onTimer(): void {
    if (this.arrived) return
    this.timedOut = new SubscriptionTimeoutError(`asPublisher: no Subscriber within ${this.ms} ms`)
    this.cancelStage(this.timedOut)
    this.setKeepGoing(false)
  }
}
