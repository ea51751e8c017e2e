/**
 * A JetStream stream read in order through an ordered consumer.
 *
 * @module
 */
import { requireDefined, requirePositiveInt } from '../../core/args.js'
import { sourceOf } from '../../core/Graph.js'
import { Source } from '../../dsl/Source.js'
import type { JetStreamEnvelope } from './JetStreamEnvelope.js'
import type { JetStreamSourceControl } from './JetStreamSourceControl.js'
import { pullSpec, requireName, type JetStreamSourceOptions } from './jetStreamSource.js'
import { PullPublisher } from './internal/PullPublisher.js'
import { PullSourceStage } from './internal/PullSourceStage.js'

/**
 * Options of {@link jetStreamOrderedSource}: those of {@link jetStreamSource} without a consumer
 * name, plus where to start and what to read.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamOrderedSourceOptions<T = Uint8Array> extends Omit<JetStreamSourceOptions<T>, 'consumer'> {
  /** Only messages on these subjects (one subject with nats-server 2.9; several need 2.10). */
  readonly filterSubjects?: readonly string[]
  /** The first stream sequence to read (e.g. a projection's saved offset + 1); from the start by default. */
  readonly startSequence?: number
}

/**
 * Reads a stream in order, each message once, through an ordered consumer: an ephemeral consumer
 * without acknowledgements that the client recreates from the last sequence it saw when a message
 * is missed or the server restarts. The position is yours to keep (`offset`); start again from it
 * with `startSequence`. Fetches are sized by demand exactly as in {@link jetStreamSource}.
 * `ack()` and friends on its envelopes do nothing that matters (there is nothing to acknowledge).
 *
 * ```
 * out: --1--2--3--4--...   (stream sequences, in order, until shutdown or cancel)
 * ```
 * - **Emits when** a fetched message is there and downstream pulls
 * - **Backpressures when** downstream does: nothing is fetched beyond the demand window
 * - **Completes when** `control.shutdown()` was called
 * - **Fails when** the connection is refused or closes, the stream is missing, `decode` throws, or
 *   fetches fail `maxRetries` times in a row
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const saved = 1 // the offset a projection stored with its read model
 * const seen = await jetStreamOrderedSource({ connection, stream: 'ORDERS', startSequence: saved + 1 })
 *   .take(2)
 *   .map((m) => m.offset)
 *   .runCollect()
 * seen // [2, 3]
 * ```
 * @see {@link jetStreamSource} for a durable consumer shared by several processes
 * @category brokers
 * @since 0.1.0
 */
export function jetStreamOrderedSource<T = Uint8Array>(options: JetStreamOrderedSourceOptions<T>): Source<JetStreamEnvelope<T>, JetStreamSourceControl> {
  const call = 'jetStreamOrderedSource'
  requireDefined(call, 'options', options)
  const base = pullSpec<T>(call, { ...options, consumer: 'ordered' })
  const filterSubjects = options.filterSubjects
  if (filterSubjects !== undefined && (!Array.isArray(filterSubjects) || filterSubjects.some((s) => typeof s !== 'string' || s === '')))
    throw new TypeError(`${call}(filterSubjects): expected an array of subjects, got ${JSON.stringify(filterSubjects)}`)
  const startSequence = options.startSequence === undefined ? undefined : requirePositiveInt(call, 'startSequence', options.startSequence)
  const spec = { ...base, operation: `${call}(${requireName(call, 'stream', options.stream)})`, ordered: { filterSubjects, startSequence } }
  return new Source<JetStreamEnvelope<T>, JetStreamSourceControl>(
    sourceOf<JetStreamEnvelope<T>, JetStreamSourceControl>(spec.operation, () => new PullSourceStage<T>(new PullPublisher<T>(spec), spec.maxBatch)).module,
  )
}
