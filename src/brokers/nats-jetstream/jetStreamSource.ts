/**
 * The JetStream pull-consumer source.
 *
 * @module
 */
import type { JsMsg } from '@nats-io/jetstream'
import { requireDefined, requireFunction, requireNonNegativeInt, requireNonNegativeNumber, requirePositiveInt } from '../../core/args.js'
import { sourceOf } from '../../core/Graph.js'
import { Source } from '../../dsl/Source.js'
import type { JetStreamEnvelope } from './JetStreamEnvelope.js'
import type { JetStreamSourceControl } from './JetStreamSourceControl.js'
import { type NatsConnectionLike } from './internal/connection.js'
import { PullPublisher, type PullSpec } from './internal/PullPublisher.js'
import { PullSourceStage } from './internal/PullSourceStage.js'

/**
 * Options of {@link jetStreamSource}.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamSourceOptions<T = Uint8Array> {
  /** A connection you own (left open), or connection options (the source connects, and closes it when it stops). */
  readonly connection: NatsConnectionLike
  readonly stream: string
  /** The name of an existing durable pull consumer (explicit acks) on `stream`. */
  readonly consumer: string
  /**
   * The demand window: messages requested ahead of downstream, and so the most the source holds
   * (default 100). The first fetch asks for `batch`; later fetches ask for what downstream
   * consumed since (at least half of `batch`), capped by the consumer's `max_ack_pending`.
   */
  readonly batch?: number
  /** How long one pull request waits at the server for messages (ms, at least 1000; default 30000). */
  readonly expiresMs?: number
  /** Turns the bytes into `payload`; by default `payload` is `data`. */
  readonly decode?: (data: Uint8Array, message: JsMsg) => T
  /**
   * When `decode` throws: `'fail'` (default) fails the stream with {@link JetStreamDecodeError} and
   * leaves the message unacknowledged; `'term'` terminates the message and goes on.
   */
  readonly onDecodeError?: 'fail' | 'term'
  /** Failed fetches (timeouts, missed heartbeats, a server restarting) retried in a row before the stream fails (default 10). */
  readonly maxRetries?: number
  /** Backoff before the first retry, doubling up to `maxBackoffMs` (defaults 100 and 5000 ms). */
  readonly minBackoffMs?: number
  readonly maxBackoffMs?: number
  /** How long an owned connection stays open after the source stopped, for emitted messages to be settled (default 5000 ms). */
  readonly closeTimeoutMs?: number
}

/**
 * Emits the messages of a JetStream durable pull consumer as {@link JetStreamEnvelope}s. Each
 * fetch asks for exactly the outstanding demand (`max_messages` = messages requested and not yet
 * received, capped by `max_ack_pending` minus the unsettled ones), one fetch at a time, so the
 * client never holds more than `batch` messages and a slow stream slows the fetching.
 *
 * There is no byte limit per fetch: `@nats-io/jetstream` 3.4 refuses `max_messages` together with
 * `max_bytes` (and with `max_bytes` alone asks for 100 messages), which would break the bound above.
 * Bound memory by `batch` times your largest message instead.
 * Acknowledge after processing: `envelope.ack()`, or {@link jetStreamCommitter} at the end.
 *
 * ```
 * out: --a--b--c--d--...   (until shutdown or cancel)
 * ```
 * - **Emits when** a fetched message is there and downstream pulls
 * - **Backpressures when** downstream does: nothing is fetched beyond the demand window
 * - **Completes when** `control.shutdown()` was called
 * - **Fails when** the connection is refused or closes ({@link NatsConnectionError}), the stream or
 *   consumer is missing or deleted ({@link JetStreamNotFoundError}), `decode` throws
 *   ({@link JetStreamDecodeError}), or fetches fail `maxRetries` times in a row
 * - **Cancels when** downstream cancels (the open pull request is withdrawn)
 *
 * **Gotchas:** messages are at-least-once: one not acknowledged within `ack_wait` (a crash, a
 * lost connection) is delivered again, perhaps to another process; make processing idempotent
 * or deduplicate by `offset`.
 *
 * @example
 * ```ts
 * const [control, done] = jetStreamSource({ connection, stream: 'ORDERS', consumer: 'billing', batch: 64, decode: (d) => JSON.parse(new TextDecoder().decode(d)) })
 *   .take(3) // or run until control.shutdown()
 *   .mapAsync(4, async (m) => { await bill(m.payload); return m })
 *   .toMat(jetStreamCommitter(), Keep.both)
 *   .run()
 * await done // 3
 * billed.map((o) => o.amount) // [10, 25, 7]
 * await control.stopped
 * ```
 * @see {@link jetStreamPublisher} for the same loop as a Reactive Streams Publisher
 * @see {@link jetStreamCommitter}, {@link jetStreamSink}
 * @category brokers
 * @since 0.1.0
 */
export function jetStreamSource<T = Uint8Array>(options: JetStreamSourceOptions<T>): Source<JetStreamEnvelope<T>, JetStreamSourceControl> {
  const spec = pullSpec('jetStreamSource', options)
  const batch = spec.maxBatch
  return new Source<JetStreamEnvelope<T>, JetStreamSourceControl>(
    sourceOf<JetStreamEnvelope<T>, JetStreamSourceControl>(spec.operation, () => new PullSourceStage<T>(new PullPublisher<T>(spec), batch)).module,
  )
}

/** Checks the options of a source or publisher. @internal */
export function pullSpec<T>(call: string, options: JetStreamSourceOptions<T>): PullSpec<T> {
  requireDefined(call, 'options', options)
  requireDefined(call, 'connection', options.connection)
  const stream = requireName(call, 'stream', options.stream)
  const consumer = requireName(call, 'consumer', options.consumer)
  const expiresMs = requireNonNegativeNumber(call, 'expiresMs', options.expiresMs ?? 30_000)
  if (expiresMs < 1000) throw new RangeError(`${call}(expiresMs): expected at least 1000 ms, got ${expiresMs}`)
  const onDecodeError = options.onDecodeError ?? 'fail'
  if (onDecodeError !== 'fail' && onDecodeError !== 'term')
    throw new RangeError(`${call}(onDecodeError): expected 'fail' or 'term', got ${JSON.stringify(onDecodeError)}`)
  return {
    operation: `${call}(${stream}/${consumer})`,
    connection: options.connection,
    stream,
    consumer,
    ordered: undefined,
    maxBatch: requirePositiveInt(call, 'batch', options.batch ?? 100),
    expiresMs,
    decode: options.decode === undefined ? undefined : requireFunction(call, 'decode', options.decode),
    onDecodeError,
    maxRetries: requireNonNegativeInt(call, 'maxRetries', options.maxRetries ?? 10),
    minBackoffMs: requireNonNegativeNumber(call, 'minBackoffMs', options.minBackoffMs ?? 100),
    maxBackoffMs: requireNonNegativeNumber(call, 'maxBackoffMs', options.maxBackoffMs ?? 5000),
    closeTimeoutMs: requireNonNegativeNumber(call, 'closeTimeoutMs', options.closeTimeoutMs ?? 5000),
  }
}

/** @internal */
export function requireName(call: string, arg: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || /[\s.*>]/.test(value))
    throw new TypeError(`${call}(${arg}): expected a JetStream name (no spaces, '.', '*' or '>'), got ${JSON.stringify(value)}`)
  return value
}
