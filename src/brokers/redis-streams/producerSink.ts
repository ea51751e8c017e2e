/**
 * The producer sink.
 *
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis'
import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { sinkOf } from '../../core/Graph.js'
import { Sink } from '../../dsl/Sink.js'
import { PromiseSink } from '../../operators/sink/internal/PromiseSink.js'
import { MessageTooLargeError, RedisStreamsError } from './errors.js'
import { closeGracefully, connect, mapRedisError, newConnection, requireTarget } from './internal/connections.js'

/**
 * A field value XADD accepts.
 *
 * @example
 * ```ts
 * const fields: Record<string, FieldValue> = { text: 'hi', n: 1, raw: Buffer.from([1, 2]) }
 * await Source.single(fields).runWith(RedisStreams.producerSink({ client, stream: 'values' }))
 * await client.xlen('values') // 1
 * ```
 * @category brokers
 * @since 0.1.0
 */
export type FieldValue = string | number | Buffer

/**
 * Options of {@link RedisStreams.producerSink}. Give exactly one of `client` and `connection`.
 *
 * @example
 * ```ts
 * const options: ProducerOptions<{ room: string; text: string }> = {
 *   client, stream: (m) => `room:${m.room}`, encode: (m) => ({ text: m.text }), maxInFlight: 500, maxLen: 100_000,
 * }
 * await Source.from([{ room: 'a', text: 'hi' }, { room: 'b', text: 'yo' }, { room: 'a', text: 'ok' }])
 *   .runWith(RedisStreams.producerSink(options))
 * await client.xlen('room:a') // 2
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface ProducerOptions<T> {
  /** Your ioredis client (it stays yours). */
  readonly client?: Redis
  /** Or a `redis://` URL / ioredis options: the sink opens its own connection and closes it when done. */
  readonly connection?: string | RedisOptions
  /** The stream to add to, or a function choosing it per element. */
  readonly stream: string | ((element: T) => string)
  /** The entry's fields (default: the element itself, which must then be a record of field values). */
  readonly encode?: (element: T) => Readonly<Record<string, FieldValue>>
  /** `XADD`s sent and not yet confirmed, at most (default 1000). The sink pulls only below it. */
  readonly maxInFlight?: number
  /** Trim the stream to about this many entries (`MAXLEN ~ n`) with every add. */
  readonly maxLen?: number
  /** Fail with `MessageTooLargeError` (sending nothing for that element) above this many bytes of fields and values. */
  readonly maxMessageBytes?: number
}

/**
 * Adds each element to a stream with `XADD`, pipelined: the adds of one synchronous burst go in
 * one write, and at most `maxInFlight` wait for their confirmation at once (the sink stops pulling
 * at that bound). Resolves when upstream completed and every add is confirmed.
 *
 * - **Backpressures when** `maxInFlight` adds await confirmation
 * - **Completes when** upstream completes and every add is confirmed
 * - **Fails when** an add fails, or a message is larger than `maxMessageBytes` (typed errors naming
 *   the stream). A refused element (too large, no fields) fails the sink once the adds before it are
 *   confirmed; nothing after it is sent. After a failed add, adds already sent may still be stored.
 *
 * @example
 * ```ts
 * await Source.range(1, 1000)
 *   .map((n) => ({ n: String(n) }))
 *   .runWith(RedisStreams.producerSink({ client, stream: 'numbers', maxInFlight: 256, maxLen: 10_000 }))
 * await client.xlen('numbers') // 1000
 * ```
 * @see {@link RedisStreams.consumerGroupSource}
 * @category brokers
 * @since 0.1.0
 */
export function producerSink<T>(options: ProducerOptions<T>): Sink<T, Promise<void>> {
  const op = 'producerSink'
  if (typeof options !== 'object' || options === null) throw new TypeError(`${op}(options): expected an options object`)
  requireTarget(op, options)
  const stream = options.stream
  if (typeof stream === 'string') {
    if (stream.length === 0) throw new TypeError(`${op}(stream): expected a non-empty string or a function`)
  } else requireFunction(op, 'stream', stream)
  const settings: ProducerSettings<T> = {
    options,
    stream,
    encode: options.encode === undefined ? undefined : requireFunction(op, 'encode', options.encode),
    maxInFlight: options.maxInFlight === undefined ? 1000 : requirePositiveInt(op, 'maxInFlight', options.maxInFlight),
    trim: options.maxLen === undefined ? null : ['MAXLEN', '~', requirePositiveInt(op, 'maxLen', options.maxLen)],
    maxMessageBytes: options.maxMessageBytes === undefined ? Infinity : requirePositiveInt(op, 'maxMessageBytes', options.maxMessageBytes),
  }
  return Sink.fromGraph(sinkOf<T, Promise<void>>(op, () => new Producer<T>(settings)))
}

interface ProducerSettings<T> {
  readonly options: ProducerOptions<T>
  readonly stream: string | ((element: T) => string)
  readonly encode: ((element: T) => Readonly<Record<string, FieldValue>>) | undefined
  readonly maxInFlight: number
  readonly trim: readonly (string | number)[] | null
  readonly maxMessageBytes: number
}

type Results = [error: Error | null, id: unknown][] | null

class Producer<T> extends PromiseSink<T, void> {
  private redis: Redis | null = null
  private owned = false
  private inFlight = 0
  /** Adds of the current burst, sent together in one pipeline. */
  private batch: (string | number | Buffer)[][] | null = null
  private streams: string[] | null = null
  private finishing = false
  /** An element was refused: fail when the adds before it are confirmed. */
  private failure: unknown = undefined
  private readonly onConnected = this.getAsyncCallback<void>(() => this.pull(this.in))
  private readonly onFailure = this.getAsyncCallback<unknown>((e) => this.failStage(e))
  /**
   * Sends the burst in a microtask, outside the interpreter: an async callback would run as soon
   * as the current handler returns, and send every add alone. `flush` touches no port.
   */
  private readonly flushNow = (): void => void Promise.resolve().then(() => this.flush())
  private readonly onResults = this.getAsyncCallback<[number, readonly string[], Results]>((r) => this.confirmed(r[0], r[1], r[2]))

  constructor(private readonly settings: ProducerSettings<T>) {
    super()
  }

  override preStart(): void {
    const target = this.settings.options
    if (target.client !== undefined) {
      this.redis = target.client
      this.pull(this.in)
      return
    }
    const connection = newConnection(target, 'sluice:producer')
    this.redis = connection.redis
    this.owned = true
    const first = typeof this.settings.stream === 'string' ? this.settings.stream : '(per element)'
    connect('producerSink', first, connection).then(this.onConnected, this.onFailure)
  }

  onPush(): void {
    const element = this.grab(this.in)
    const { stream: chooser, encode, trim, maxMessageBytes } = this.settings
    const stream = typeof chooser === 'string' ? chooser : chooser(element)
    const fields = encode === undefined ? (element as Readonly<Record<string, FieldValue>>) : encode(element)
    const args: (string | number | Buffer)[] = [stream]
    if (trim !== null) args.push(...trim)
    args.push('*')
    let bytes = 0
    let count = 0
    for (const key in fields) {
      const value = fields[key]!
      args.push(key, value)
      count++
      if (maxMessageBytes !== Infinity) bytes += Buffer.byteLength(key) + (typeof value === 'number' ? String(value).length : Buffer.byteLength(value))
    }
    if (count === 0) return this.rejectElement(new RedisStreamsError('producerSink', stream, 'an entry needs at least one field, got none'))
    if (bytes > maxMessageBytes) return this.rejectElement(new MessageTooLargeError('producerSink', stream, bytes, maxMessageBytes))
    if (this.batch === null) {
      this.batch = []
      this.streams = []
      this.flushNow()
    }
    this.batch.push(args)
    this.streams!.push(stream)
    if (++this.inFlight < this.settings.maxInFlight) this.pull(this.in)
  }

  /** Fails once the adds accepted before this element are confirmed (it pulls no more meanwhile). */
  private rejectElement(error: unknown): void {
    if (this.inFlight === 0) return this.failStage(error)
    this.failure = error
    this.setKeepGoing(true)
  }

  private flush(): void {
    const batch = this.batch
    const streams = this.streams!
    this.batch = null
    this.streams = null
    if (batch === null || this.isStopped) return
    const pipeline = this.redis!.pipeline()
    for (const args of batch) pipeline.call('XADD', ...args)
    pipeline.exec().then(
      (results) => this.onResults([batch.length, streams, results as Results]),
      (e: unknown) => this.onFailure(mapRedisError('producerSink', streams[0]!, e)),
    )
  }

  private confirmed(n: number, streams: readonly string[], results: Results): void {
    this.inFlight -= n
    if (results !== null)
      for (let i = 0; i < results.length; i++) {
        const error = results[i]![0]
        if (error !== null) return this.failStage(mapRedisError('producerSink', streams[i]!, error))
      }
    if (this.failure !== undefined) {
      if (this.inFlight === 0) this.failStage(this.failure)
    } else if (this.finishing) {
      if (this.inFlight === 0) {
        this.resolve()
        this.setKeepGoing(false)
        this.completeStage()
      }
    } else if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  override onUpstreamFinish(): void {
    if (this.failure !== undefined) return
    if (this.inFlight === 0) {
      this.resolve()
      this.completeStage()
      return
    }
    this.finishing = true
    this.setKeepGoing(true)
  }

  override failStage(error: unknown): void {
    this.setKeepGoing(false)
    super.failStage(error)
  }

  override postStop(): void {
    super.postStop()
    if (this.owned && this.redis !== null) void closeGracefully(this.redis)
  }
}
