/**
 * The consumer-group reader as a Reactive Streams Publisher.
 *
 * @module
 */
import { rules } from '../../spec/rules.js'
import type { Publisher, Subscriber } from '../../spec/types.js'
import { registerMetricSource } from '../../observability/metricSources.js'
import type { ConsumerGroupOptions } from './ConsumerGroupOptions.js'
import { consumerMetrics } from './internal/consumerMetrics.js'
import { ConsumerSession } from './internal/ConsumerSession.js'
import { consumerSettings, type ConsumerSettings } from './internal/consumerSettings.js'
import type { RedisStreamEnvelope } from './RedisStreamEnvelope.js'

/**
 * A Reactive Streams Publisher of the entries a consumer group hands to `consumer`. Each
 * subscription opens its own reading connection and reads with `XREADGROUP ... COUNT k` where `k`
 * never exceeds the demand requested and not yet delivered (nor `maxBatch`); with no demand it
 * does not read at all. It first re-reads this consumer's own pending entries (id `0`), then new
 * ones (`>`), blocking up to `blockMs` at the head.
 *
 * Use it to hand the reader to another Reactive Streams library; in sluice use
 * {@link RedisStreams.consumerGroupSource}, which is this Publisher behind a batching buffer.
 *
 * @example
 * ```ts
 * for (const item of ['tea', 'cake', 'jam']) await client.xadd('orders', '*', 'item', item)
 * const publisher = RedisStreams.consumerGroupPublisher({ client, stream: 'orders', group: 'g', consumer: 'c-1' })
 * const items: string[] = []
 * await new Promise<void>((resolve, reject) => {
 *   let subscription: Subscription
 *   publisher.subscribe({
 *     onSubscribe: (s) => (subscription = s).request(2), // XREADGROUP ... COUNT 2
 *     onNext: (m) => {
 *       items.push(m.fields.item!)
 *       void m.ack()
 *       if (items.length === 2) {
 *         subscription.cancel()
 *         resolve()
 *       }
 *     },
 *     onError: reject,
 *     onComplete: () => {},
 *   })
 * })
 * items // ['tea', 'cake']
 * ```
 * @see {@link RedisStreams.consumerGroupSource}
 * @category brokers
 * @since 0.1.0
 */
export function consumerGroupPublisher<P = Readonly<Record<string, string>>>(options: ConsumerGroupOptions<P>): Publisher<RedisStreamEnvelope<P>> {
  const settings = consumerSettings<P>('consumerGroupPublisher', options)
  return publisherOf(settings, () => {})
}

/** A Publisher whose subscriptions are sessions of `settings`; `started` sees each. @internal */
export function publisherOf<P>(settings: ConsumerSettings<P>, started: (session: ConsumerSession<P>) => void): Publisher<RedisStreamEnvelope<P>> {
  return {
    subscribe(subscriber: Subscriber<RedisStreamEnvelope<P>>): void {
      if (subscriber === null || subscriber === undefined) throw rules.nullSubscriber(settings.op)
      const session = new ConsumerSession<P>(settings, subscriber)
      void session.closed.promise.then(registerMetricSource(consumerMetrics(settings.streams, session)))
      started(session)
      session.start()
    },
  }
}
