/**
 * The committer flow.
 *
 * @module
 */
import { requirePositiveInt } from '../../core/args.js'
import { Flow } from '../../dsl/Flow.js'
import type { CommitterOptions } from './CommitterOptions.js'
import { commitBatch } from './internal/commitBatch.js'
import type { RedisStreamEnvelope } from './RedisStreamEnvelope.js'

/**
 * Acknowledges the envelopes that reach it, in batches: one `XACK` per stream for up to `maxBatch`
 * envelopes or what arrived within `maxInterval`, and emits each batch once Redis confirmed it.
 * Put it after the processing: what reaches it was processed, and nothing else is acknowledged.
 * Envelopes acknowledged already (`ack()`, `deadLetter`) are passed on, not acknowledged twice.
 *
 * ```
 * in:  -a-b-c----d|
 * out: ------[abc]--[d]|     (maxBatch 3)
 * ```
 * - **Emits when** the `XACK` of a batch succeeded and downstream pulls
 * - **Backpressures when** `parallelism` acks are in flight and the next batch is full
 * - **Completes when** upstream completes and the last batch is acknowledged
 * - **Fails when** an `XACK` fails (a typed error naming the stream); those entries stay pending
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * for (let n = 1; n <= 250; n++) await client.xadd('orders', '*', 'n', String(n))
 * const handle = async (m: RedisStreamEnvelope) => m // the processing; returns the envelope
 * const batches = await RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'g', consumer: 'c', bufferSize: 250 })
 *   .mapAsync(8, handle)
 *   .take(250)
 *   .via(RedisStreams.committerFlow({ maxBatch: 100, maxInterval: '1s' }))
 *   .map((batch) => batch.length)
 *   .runCollect()
 * batches // [100, 100, 50]
 * ```
 * @see {@link RedisStreams.committerSink}
 * @category brokers
 * @since 0.1.0
 */
export function committerFlow<E extends RedisStreamEnvelope<unknown>>(options: CommitterOptions = {}): Flow<E, readonly E[]> {
  if (typeof options !== 'object' || options === null) throw new TypeError('committerFlow(options): expected an options object')
  const maxBatch = options.maxBatch === undefined ? 100 : requirePositiveInt('committerFlow', 'maxBatch', options.maxBatch)
  const parallelism = options.parallelism === undefined ? 1 : requirePositiveInt('committerFlow', 'parallelism', options.parallelism)
  return Flow.create<E>()
    .groupedWithin(maxBatch, options.maxInterval ?? 50)
    .mapAsync(parallelism, (batch) => commitBatch('committerFlow', batch))
    .named('committerFlow')
}
