/**
 * The typed failure for a missing stream or consumer.
 *
 * @module
 */

/**
 * The JetStream stream, or the durable consumer on it, does not exist (or was deleted while a
 * source read from it). Nothing was fetched after that, so nothing was acknowledged for it.
 *
 * @example
 * ```ts
 * const error = await jetStreamSource({ connection, stream: 'NOPE', consumer: 'billing' }).runWith(Sink.ignore()).catch((e) => e)
 * error instanceof JetStreamNotFoundError // true
 * error.what // 'stream'
 * error.message // 'jetStreamSource(NOPE/billing): stream "NOPE" not found'
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class JetStreamNotFoundError extends Error {
  override readonly name = 'JetStreamNotFoundError'
  constructor(
    readonly operation: string,
    /** Which one is missing. */
    readonly what: 'stream' | 'consumer',
    readonly stream: string,
    readonly consumer: string | undefined,
    cause?: unknown,
  ) {
    super(
      what === 'stream'
        ? `${operation}: stream ${JSON.stringify(stream)} not found`
        : `${operation}: consumer ${JSON.stringify(consumer)} not found on stream ${JSON.stringify(stream)}`,
      { cause },
    )
  }
}
