/**
 * Options of the committers.
 *
 * @module
 */
import type { Duration } from '../../core/args.js'

/**
 * Options of {@link RedisStreams.committerFlow} and {@link RedisStreams.committerSink}.
 *
 * @example
 * ```ts
 * for (let n = 1; n <= 20; n++) await client.xadd('orders', '*', 'n', String(n))
 * const options: CommitterOptions = { maxBatch: 500, maxInterval: '20ms', parallelism: 2 }
 * await RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'g', consumer: 'c' })
 *   .take(20)
 *   .runWith(RedisStreams.committerSink(options))
 * ;((await client.xpending('orders', 'g')) as unknown[])[0] // 0
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface CommitterOptions {
  /** Acknowledge at the latest when this many envelopes arrived (default 100). */
  readonly maxBatch?: number
  /** ... or when the oldest of them waited this long (default 50 ms). */
  readonly maxInterval?: Duration
  /** `XACK` calls in flight at once (default 1; acks of different batches may then complete out of order). */
  readonly parallelism?: number
}
