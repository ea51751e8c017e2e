/**
 * sluice/nats: NATS JetStream connectors (through `@nats-io/jetstream` and
 * `@nats-io/transport-node` 3, optional peer dependencies). A pull-consumer source whose fetch
 * size is the stream's demand, a committer that acknowledges after processing, and a publishing
 * sink that awaits PubAcks with a bounded number in flight.
 *
 * @module
 */
export { jetStreamSource, type JetStreamSourceOptions } from './jetStreamSource.js'
export { jetStreamPublisher } from './jetStreamPublisher.js'
export { jetStreamOrderedSource, type JetStreamOrderedSourceOptions } from './jetStreamOrderedSource.js'
export { jetStreamCommitter, type Acknowledgeable, type JetStreamCommitterOptions } from './jetStreamCommitter.js'
export { jetStreamSink, type JetStreamSinkOptions } from './jetStreamSink.js'
export type { JetStreamEnvelope } from './JetStreamEnvelope.js'
export type { JetStreamSourceControl, JetStreamSourceStats } from './JetStreamSourceControl.js'
export type { JetStreamRecord } from './JetStreamRecord.js'
export type { JetStreamPublishSummary } from './JetStreamPublishSummary.js'
export type { NatsConnectionLike } from './internal/connection.js'
export { NatsConnectionError } from './NatsConnectionError.js'
export { NatsPayloadTooLargeError } from './NatsPayloadTooLargeError.js'
export { JetStreamNotFoundError } from './JetStreamNotFoundError.js'
export { JetStreamPublishError } from './JetStreamPublishError.js'
export { JetStreamDecodeError } from './JetStreamDecodeError.js'
