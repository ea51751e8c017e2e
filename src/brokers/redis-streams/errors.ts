/**
 * The typed failures of the Redis Streams connectors. Each has a stable `name` and names the
 * stream it concerns; the driver's own error, when there is one, is `cause`.
 *
 * @module
 */

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

/**
 * The base of every failure of `sluice/redis`: a Redis command for `stream` failed. Subclasses say
 * why when it is known; a plain `RedisStreamsError` carries the server's reply as `cause`.
 *
 * @example
 * ```ts
 * await client.set('not-a-stream', 'a string')
 * const error = await RedisStreams.consumerGroupSource({ client, stream: 'not-a-stream', group: 'g', consumer: 'c' })
 *   .runWith(Sink.ignore())
 *   .catch((e: unknown) => e as RedisStreamsError)
 * error instanceof RedisStreamsError // true
 * error.stream // 'not-a-stream'
 * error.message.startsWith('consumerGroupSource(stream "not-a-stream"): WRONGTYPE') // true
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class RedisStreamsError extends Error {
  override readonly name: string = 'RedisStreamsError'
  constructor(
    /** The call that failed, e.g. `consumerGroupSource` or `producerSink`. */
    readonly operation: string,
    /** The stream (key) concerned. */
    readonly stream: string,
    message: string,
    cause?: unknown,
  ) {
    super(`${operation}(stream ${JSON.stringify(stream)}): ${message}`, cause === undefined ? undefined : { cause })
  }
}

/**
 * The server could not be reached: refused at start, or gone for longer than the driver retries.
 * Nothing was acknowledged by the failing call; entries read but not acknowledged stay pending
 * and are read again (by this consumer on restart, or by another one through `XAUTOCLAIM`).
 *
 * @example
 * ```ts
 * const error = await RedisStreams.consumerGroupSource({ connection: 'redis://127.0.0.1:1', stream: 'orders', group: 'g', consumer: 'c' })
 *   .runWith(Sink.ignore())
 *   .catch((e: unknown) => e as Error)
 * error instanceof RedisConnectionError // true
 * error.message // 'consumerGroupSource(stream "orders"): cannot connect to Redis: connect ECONNREFUSED 127.0.0.1:1'
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class RedisConnectionError extends RedisStreamsError {
  override readonly name = 'RedisConnectionError'
  constructor(operation: string, stream: string, cause: unknown) {
    super(operation, stream, `cannot connect to Redis: ${describe(cause)}`, cause)
  }
}

/**
 * The server refused the credentials (`WRONGPASS`, `NOAUTH`, `NOPERM`).
 *
 * @example
 * ```ts
 * const error = await RedisStreams.consumerGroupSource({ connection: `redis://nobody:wrong@${redisHost}`, stream: 'orders', group: 'g', consumer: 'c' })
 *   .runWith(Sink.ignore())
 *   .catch((e: unknown) => e as Error)
 * error instanceof RedisAuthError // true
 * error.message.startsWith('consumerGroupSource(stream "orders"): Redis refused the credentials: WRONGPASS') // true
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class RedisAuthError extends RedisStreamsError {
  override readonly name = 'RedisAuthError'
  constructor(operation: string, stream: string, cause: unknown) {
    super(operation, stream, `Redis refused the credentials: ${describe(cause)}`, cause)
  }
}

/**
 * An entry could not be decoded (the `decode` option threw, or the entry has no fields). The
 * source fails and does not acknowledge the entry: it stays pending, is read again on restart,
 * and goes to the dead-letter stream once it was delivered more than `maxDeliveries` times.
 *
 * @example
 * ```ts
 * const id = await client.xadd('orders', '*', 'json', '{not json')
 * const error = await RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'g', consumer: 'c', decode: (f) => JSON.parse(f.json!) as unknown })
 *   .runWith(Sink.ignore())
 *   .catch((e: unknown) => e as MalformedEntryError)
 * error instanceof MalformedEntryError // true
 * error.id === id // true
 * ;((await client.xpending('orders', 'g')) as unknown[])[0] // 1
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class MalformedEntryError extends RedisStreamsError {
  override readonly name = 'MalformedEntryError'
  constructor(
    operation: string,
    stream: string,
    /** The entry id. */
    readonly id: string,
    cause: unknown,
  ) {
    super(operation, stream, `entry ${id} is malformed: ${describe(cause)}`, cause)
  }
}

/**
 * A message is larger than `maxMessageBytes`: the producer did not send it, or the consumer did not
 * emit (nor acknowledge) the entry.
 *
 * @example
 * ```ts
 * const error = await Source.single({ body: 'x'.repeat(2000) })
 *   .runWith(RedisStreams.producerSink({ client, stream: 'orders', maxMessageBytes: 1024 }))
 *   .catch((e: unknown) => e as MessageTooLargeError)
 * error.message // 'producerSink(stream "orders"): a message of 2004 bytes exceeds maxMessageBytes (1024)'
 * await client.exists('orders') // 0
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class MessageTooLargeError extends RedisStreamsError {
  override readonly name = 'MessageTooLargeError'
  constructor(
    operation: string,
    stream: string,
    /** Size of the fields and values, in bytes. */
    readonly bytes: number,
    readonly maxBytes: number,
    /** The entry id, on the consuming side. */
    readonly id?: string,
  ) {
    super(
      operation,
      stream,
      `${id === undefined ? 'a message' : `entry ${id}`} of ${bytes} bytes exceeds maxMessageBytes (${maxBytes})`,
    )
  }
}
