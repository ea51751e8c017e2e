/**
 * The committer sink.
 *
 * @module
 */
import { Keep } from '../../dsl/Keep.js'
import { Sink } from '../../dsl/Sink.js'
import type { CommitterOptions } from './CommitterOptions.js'
import { committerFlow } from './committerFlow.js'
import type { RedisStreamEnvelope } from './RedisStreamEnvelope.js'

/**
 * Acknowledges the envelopes that reach it in batches (by count and time, see
 * {@link RedisStreams.committerFlow}) and resolves when upstream completed and the last batch
 * is acknowledged.
 *
 * - **Completes when** upstream completes and every batch is acknowledged
 * - **Fails when** upstream fails (after acknowledging nothing more) or an `XACK` fails
 *
 * @example
 * ```ts
 * for (const item of ['tea', 'cake']) await client.xadd('orders', '*', 'item', item)
 * const stored = new Set<string>()
 * await RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'g', consumer: 'c' })
 *   .mapAsync(4, async (m) => { stored.add(m.fields.item!); return m })
 *   .take(2)
 *   .runWith(RedisStreams.committerSink({ maxBatch: 200, maxInterval: '20ms' }))
 * stored.size // 2
 * ;((await client.xpending('orders', 'g')) as unknown[])[0] // 0
 * ```
 * @see {@link RedisStreams.committerFlow}
 * @category brokers
 * @since 0.1.0
 */
export function committerSink<E extends RedisStreamEnvelope<unknown>>(options: CommitterOptions = {}): Sink<E, Promise<void>> {
  return committerFlow<E>(options).toMat(Sink.ignore(), Keep.right)
}
