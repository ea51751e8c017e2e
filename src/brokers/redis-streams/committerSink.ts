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
 * await RedisStreams.consumerGroupSource(options)
 *   .mapAsync(4, async (m) => { await store(m.payload); return m })
 *   .runWith(RedisStreams.committerSink({ maxBatch: 200, maxInterval: '20ms' }))
 * ```
 * @see {@link RedisStreams.committerFlow}
 * @category brokers
 * @since 0.1.0
 */
export function committerSink<E extends RedisStreamEnvelope<unknown>>(options: CommitterOptions = {}): Sink<E, Promise<void>> {
  return committerFlow<E>(options).toMat(Sink.ignore(), Keep.right)
}
