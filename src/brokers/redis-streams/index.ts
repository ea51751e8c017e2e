/**
 * sluice/redis: Redis Streams consumer groups and producers, through ioredis (an optional peer
 * dependency, imported only by this subpath).
 *
 * @module
 */
export { RedisStreams } from './RedisStreams.js'
export { consumerGroupSource } from './consumerGroupSource.js'
export { consumerGroupPublisher } from './consumerGroupPublisher.js'
export { committerFlow } from './committerFlow.js'
export { committerSink } from './committerSink.js'
export { producerSink, type ProducerOptions, type FieldValue } from './producerSink.js'
export type { ConsumerGroupOptions } from './ConsumerGroupOptions.js'
export type { CommitterOptions } from './CommitterOptions.js'
export type { ConsumerControl, ConsumerStatsSnapshot } from './ConsumerControl.js'
export type { RedisStreamEnvelope } from './RedisStreamEnvelope.js'
export { RedisStreamsError, RedisConnectionError, RedisAuthError, MalformedEntryError, MessageTooLargeError } from './errors.js'
