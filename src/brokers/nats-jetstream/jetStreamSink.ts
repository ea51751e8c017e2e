/**
 * The JetStream publishing sink.
 *
 * @module
 */
import { jetstream, type JetStreamClient, type JetStreamPublishOptions, type PubAck } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { requireDefined, requireNonNegativeInt, requireNonNegativeNumber, requirePositiveInt } from '../../core/args.js'
import { deferred } from '../../core/deferred.js'
import { sinkOf } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'
import { Sink } from '../../dsl/Sink.js'
import { JetStreamPublishError } from './JetStreamPublishError.js'
import type { JetStreamPublishSummary } from './JetStreamPublishSummary.js'
import type { JetStreamRecord } from './JetStreamRecord.js'
import { NatsPayloadTooLargeError } from './NatsPayloadTooLargeError.js'
import { connectionError, describeServers, holdConnection, releaseConnection, type HeldConnection, type NatsConnectionLike } from './internal/connection.js'

/**
 * Options of {@link jetStreamSink}.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamSinkOptions {
  /** A connection you own (left open), or connection options (the sink connects and closes it at the end). */
  readonly connection: NatsConnectionLike
  /** Publishes awaiting their PubAck at once (default 256); the sink pulls no more until one returns. */
  readonly maxInFlight?: number
  /** How long to wait for one PubAck (ms, default 5000). */
  readonly timeoutMs?: number
  /** Publish only if the subject is captured by this stream (`Nats-Expected-Stream`). */
  readonly expectStream?: string
  /**
   * Transient failures (no PubAck in time, no responders while a server restarts) retried per
   * message before the sink fails (default 5), with backoff from `minBackoffMs` (100) doubling to
   * `maxBackoffMs` (2000). Give records a `msgId` so that a retry is never stored twice.
   */
  readonly maxRetries?: number
  readonly minBackoffMs?: number
  readonly maxBackoffMs?: number
}

/**
 * Publishes each record to JetStream and waits for its PubAck, with at most `maxInFlight`
 * unacknowledged at once. Materializes a Promise of the {@link JetStreamPublishSummary}, resolved
 * when upstream completed and every PubAck came back.
 *
 * ```
 * in:  --a--b--c--|
 * ack: ----a---b-c|     (summary resolves after the last PubAck)
 * ```
 * - **Emits when** (a sink) each PubAck counts one published message
 * - **Backpressures when** `maxInFlight` publishes await their PubAck, or the connection is not open yet
 * - **Completes when** upstream completed and no PubAck is outstanding
 * - **Fails when** a message is above the server's `max_payload` ({@link NatsPayloadTooLargeError}),
 *   the connection is refused or closes ({@link NatsConnectionError}), or a publish fails for good
 *   ({@link JetStreamPublishError}); upstream is cancelled
 * - **Cancels when** it fails
 *
 * **Gotchas:** with more than one message in flight, a retried message lands after later ones;
 * use `maxInFlight: 1` when the order in the stream matters more than speed.
 *
 * @example
 * ```ts
 * const summary = await Source.range(1, 1000)
 *   .map((i) => ({ subject: 'orders.created', data: JSON.stringify({ id: i }), msgId: `order-${i}` }))
 *   .runWith(jetStreamSink({ connection, maxInFlight: 128 }))
 * summary.published // 1000
 * summary.duplicates // 3
 * ```
 * @see {@link jetStreamSource}
 * @category brokers
 * @since 0.1.0
 */
export function jetStreamSink(options: JetStreamSinkOptions): Sink<JetStreamRecord, Promise<JetStreamPublishSummary>> {
  const call = 'jetStreamSink'
  requireDefined(call, 'options', options)
  requireDefined(call, 'connection', options.connection)
  const spec: PublishSpec = {
    connection: options.connection,
    maxInFlight: requirePositiveInt(call, 'maxInFlight', options.maxInFlight ?? 256),
    timeoutMs: requirePositiveInt(call, 'timeoutMs', options.timeoutMs ?? 5000),
    expectStream: options.expectStream,
    maxRetries: requireNonNegativeInt(call, 'maxRetries', options.maxRetries ?? 5),
    minBackoffMs: requireNonNegativeNumber(call, 'minBackoffMs', options.minBackoffMs ?? 100),
    maxBackoffMs: requireNonNegativeNumber(call, 'maxBackoffMs', options.maxBackoffMs ?? 2000),
  }
  return new Sink<JetStreamRecord, Promise<JetStreamPublishSummary>>(sinkOf<JetStreamRecord, Promise<JetStreamPublishSummary>>(call, () => new JetStreamPublish(spec)).module)
}

interface PublishSpec {
  readonly connection: NatsConnectionLike
  readonly maxInFlight: number
  readonly timeoutMs: number
  readonly expectStream: string | undefined
  readonly maxRetries: number
  readonly minBackoffMs: number
  readonly maxBackoffMs: number
}

/** One record on its way, with its attempts. */
interface Pending {
  readonly record: JetStreamRecord
  attempts: number
}

const encoder = new TextEncoder()

class JetStreamPublish extends SinkStage<JetStreamRecord> {
  private readonly operation = 'jetStreamSink'
  private connecting: Promise<HeldConnection> | null = null
  private js: JetStreamClient | null = null
  private maxPayload = Number.POSITIVE_INFINITY
  private inFlight = 0
  private upstreamDone = false
  private published = 0
  private duplicates = 0
  private retries = 0
  private lastSequence: number | undefined = undefined
  private failure: unknown = undefined
  private readonly summary = deferred<JetStreamPublishSummary>()
  private readonly onConnected = this.getAsyncCallback<HeldConnection>((held) => this.connected(held))
  private readonly onConnectFailed = this.getAsyncCallback<unknown>((error) => this.failStage(error))
  private readonly onAcked = this.getAsyncCallback<PubAck>((ack) => this.acked(ack))
  private readonly onPublishFailed = this.getAsyncCallback<[Pending, unknown]>(([pending, error]) => this.publishFailed(pending, error))

  constructor(private readonly spec: PublishSpec) {
    super()
    this.mat = this.summary.promise
  }

  override preStart(): void {
    // Upstream may finish while the connection is being opened: stay until it is settled.
    this.setKeepGoing(true)
    const connecting = holdConnection(this.operation, this.spec.connection)
    this.connecting = connecting
    connecting.then(this.onConnected, this.onConnectFailed)
  }

  private connected(held: HeldConnection): void {
    this.js = jetstream(held.nc)
    this.maxPayload = held.nc.info?.max_payload ?? Number.POSITIVE_INFINITY
    if (this.upstreamDone) this.completeStage()
    else this.pull(this.in)
  }

  onPush(): void {
    const record = this.grab(this.in)
    const data = typeof record.data === 'string' ? encoder.encode(record.data) : record.data
    if (data.length > this.maxPayload) {
      this.failStage(new NatsPayloadTooLargeError(this.operation, record.subject, data.length, this.maxPayload))
      return
    }
    this.send({ record, attempts: 0 }, data)
    if (this.inFlight < this.spec.maxInFlight) this.pull(this.in)
  }

  private send(pending: Pending, data: Uint8Array): void {
    const record = pending.record
    const opts: Partial<JetStreamPublishOptions> = { timeout: this.spec.timeoutMs }
    if (record.msgId !== undefined) opts.msgID = record.msgId
    if (this.spec.expectStream !== undefined) opts.expect = { streamName: this.spec.expectStream }
    if (record.headers !== undefined) {
      const h = natsHeaders()
      for (const [key, value] of Object.entries(record.headers)) {
        if (typeof value === 'string') h.append(key, value)
        else for (const v of value as readonly string[]) h.append(key, v)
      }
      opts.headers = h
    }
    this.inFlight++
    let result: Promise<PubAck>
    try {
      result = this.js!.publish(record.subject, data, opts)
    } catch (error) {
      result = Promise.reject(error)
    }
    result.then(this.onAcked, (error: unknown) => this.onPublishFailed([pending, error]))
  }

  private acked(ack: PubAck): void {
    this.inFlight--
    this.published++
    if (ack.duplicate) this.duplicates++
    this.lastSequence = ack.seq
    this.next()
  }

  private next(): void {
    if (this.upstreamDone) {
      if (this.inFlight === 0) this.completeStage()
    } else if (!this.hasBeenPulled(this.in) && this.inFlight < this.spec.maxInFlight) this.pull(this.in)
  }

  private publishFailed(pending: Pending, error: unknown): void {
    this.inFlight--
    const record = pending.record
    const typed = this.typedError(record, error)
    if (typed !== undefined) {
      this.failStage(typed)
      return
    }
    if (pending.attempts >= this.spec.maxRetries) {
      this.failStage(new JetStreamPublishError(this.operation, record.subject, record.msgId, `${describe(error)} (after ${pending.attempts} retries)`, error))
      return
    }
    const delay = Math.min(this.spec.maxBackoffMs, this.spec.minBackoffMs * 2 ** Math.min(pending.attempts, 30))
    pending.attempts++
    this.retries++
    this.inFlight++ // it still holds a slot while it waits
    this.scheduleOnce(pending, delay)
  }

  override onTimer(key: unknown): void {
    const pending = key as Pending
    this.inFlight--
    const data = typeof pending.record.data === 'string' ? encoder.encode(pending.record.data) : pending.record.data
    this.send(pending, data)
  }

  private typedError(record: JetStreamRecord, error: unknown): Error | undefined {
    const connection = connectionError(this.operation, describeServers(this.spec.connection), error)
    if (connection !== undefined) return connection
    const message = error instanceof Error ? error.message : ''
    if (/max_payload/.test(message)) {
      const size = typeof record.data === 'string' ? encoder.encode(record.data).length : record.data.length
      return new NatsPayloadTooLargeError(this.operation, record.subject, size, this.maxPayload)
    }
    // An API error (wrong expected stream, message above the stream's limits) will not change on retry.
    if (error instanceof Error && error.name === 'JetStreamApiError')
      return new JetStreamPublishError(this.operation, record.subject, record.msgId, message, error)
    return undefined
  }

  override onUpstreamFinish(): void {
    this.upstreamDone = true
    if (this.js !== null && this.inFlight === 0) this.completeStage()
  }

  override failStage(error: unknown): void {
    if (this.failure === undefined) this.failure = error
    this.rt.keepGoing = false
    super.failStage(error)
  }

  override completeStage(): void {
    // Kept going while acknowledgements were outstanding; now it may stop.
    this.rt.keepGoing = false
    super.completeStage()
  }

  override postStop(): void {
    const done = (): void => {
      if (this.failure !== undefined) this.summary.reject(this.failure)
      else this.summary.resolve({ published: this.published, duplicates: this.duplicates, retries: this.retries, lastSequence: this.lastSequence })
    }
    const connecting = this.connecting
    if (connecting === null) return done()
    // Close an owned connection (also one still being opened) before the summary settles.
    connecting.then(
      (held) => releaseConnection(held).then(done, done),
      () => done(),
    )
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'NoRespondersError' || error.name === 'JetStreamNotEnabled' || /no responders/i.test(error.message)))
    return 'no stream captures the subject (no responders)'
  return error instanceof Error ? error.message : String(error)
}
