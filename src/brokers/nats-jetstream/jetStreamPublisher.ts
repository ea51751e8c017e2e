/**
 * The pull loop as a Reactive Streams Publisher.
 *
 * @module
 */
import type { Publisher } from '../../spec/types.js'
import type { JetStreamEnvelope } from './JetStreamEnvelope.js'
import { pullSpec, type JetStreamSourceOptions } from './jetStreamSource.js'
import { PullPublisher } from './internal/PullPublisher.js'

/**
 * A Reactive Streams Publisher of a JetStream durable pull consumer: every `request(n)` of its
 * subscriber becomes fetches of at most the outstanding demand (`max_messages` never exceeds the
 * messages requested and not yet delivered), so the server sends only what was asked for. Each
 * subscriber gets a pull loop (and, with connection options, a connection) of its own. The
 * subscriber settles each envelope (`ack`, `nak`, `term`). `batch` caps a single fetch.
 *
 * @example
 * ```ts
 * const offsets = await new Promise((resolve) => {
 *   const got = []
 *   let subscription
 *   jetStreamPublisher({ connection, stream: 'ORDERS', consumer: 'billing' }).subscribe({
 *     onSubscribe: (s) => { subscription = s; s.request(2) }, // one fetch with max_messages = 2
 *     onNext: (m) => {
 *       void m.ack()
 *       got.push(m.offset)
 *       if (got.length === 2) { subscription.cancel(); resolve(got) }
 *     },
 *     onError: console.error,
 *     onComplete: () => {},
 *   })
 * })
 * offsets // [1, 2]
 * ```
 * @see {@link jetStreamSource}, which reads it through a buffer of `batch` messages
 * @category brokers
 * @since 0.1.0
 */
export function jetStreamPublisher<T = Uint8Array>(options: JetStreamSourceOptions<T>): Publisher<JetStreamEnvelope<T>> {
  const spec = pullSpec('jetStreamPublisher', options)
  return { subscribe: (subscriber) => new PullPublisher<T>(spec).subscribe(subscriber) }
}
