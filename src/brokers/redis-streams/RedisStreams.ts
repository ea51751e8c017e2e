/**
 * The Redis Streams connectors in one place.
 *
 * @module
 */
import { committerFlow } from './committerFlow.js'
import { committerSink } from './committerSink.js'
import { consumerGroupPublisher } from './consumerGroupPublisher.js'
import { consumerGroupSource } from './consumerGroupSource.js'
import { producerSink } from './producerSink.js'

/**
 * Redis Streams connectors: a consumer-group source whose reads never ask for more than the
 * stream's demand, committers that acknowledge after processing, and a pipelined producer.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { RedisStreams } from 'sluice/redis'
 * const client = new Redis(process.env.REDIS_URL!, { db: 9 })
 * await Source.range(1, 100).map((n) => ({ n: String(n) }))
 *   .runWith(RedisStreams.producerSink({ client, stream: 'numbers' }))
 * const [control, done] = RedisStreams.consumerGroupSource({ client, stream: 'numbers', group: 'g', consumer: 'c-1' })
 *   .take(100)
 *   .toMat(RedisStreams.committerSink(), Keep.both)
 *   .run()
 * await done
 * control.stats().acked // 100
 * await client.quit()
 * ```
 * @category brokers
 * @since 0.1.0
 */
export const RedisStreams = {
  consumerGroupSource,
  consumerGroupPublisher,
  committerFlow,
  committerSink,
  producerSink,
} as const
