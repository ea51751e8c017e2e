/**
 * The typed failure of a NATS connection.
 *
 * @module
 */

/**
 * The NATS server could not be reached (`'refused'`), rejected the credentials (`'auth'`), or the
 * connection closed for good while a stage still needed it (`'closed'`). The message names the
 * operation and the servers; the driver's error is `cause`.
 *
 * @example
 * ```ts
 * const error = await jetStreamSource({ connection: { servers: '127.0.0.1:1' }, stream: 'ORDERS', consumer: 'billing' })
 *   .runWith(Sink.ignore())
 *   .catch((e) => e)
 * error instanceof NatsConnectionError // true
 * error.reason // 'refused'
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class NatsConnectionError extends Error {
  override readonly name = 'NatsConnectionError'
  constructor(
    /** The operation that needed the connection, e.g. `jetStreamSource(ORDERS/billing)`. */
    readonly operation: string,
    /** What went wrong: the server did not answer, refused the credentials, or the connection closed. */
    readonly reason: 'refused' | 'auth' | 'closed',
    /** The servers the connection was made to. */
    readonly servers: string,
    cause: unknown,
  ) {
    const what = reason === 'refused' ? 'cannot connect to' : reason === 'auth' ? 'authorization refused by' : 'connection closed to'
    super(`${operation}: ${what} NATS at ${servers}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}
