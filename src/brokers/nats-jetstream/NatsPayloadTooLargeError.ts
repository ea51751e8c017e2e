/**
 * The typed failure for a message larger than the server accepts.
 *
 * @module
 */

/**
 * A message to publish is larger than the server's `max_payload`. It was not sent; the publishing
 * sink fails with this error (messages before it were published and acknowledged by the server).
 *
 * @example
 * ```ts
 * const error = await Source.single({ subject: 'orders.big', data: new Uint8Array(2 ** 21) })
 *   .runWith(jetStreamSink({ connection }))
 *   .catch((e) => e)
 * error instanceof NatsPayloadTooLargeError // true
 * error.subject // 'orders.big'
 * error.maxPayload // 1048576
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class NatsPayloadTooLargeError extends Error {
  override readonly name = 'NatsPayloadTooLargeError'
  constructor(
    readonly operation: string,
    readonly subject: string,
    /** Payload bytes of the message. */
    readonly size: number,
    /** The server's limit, from its INFO. */
    readonly maxPayload: number,
  ) {
    super(`${operation}: message to ${JSON.stringify(subject)} has ${size} bytes, above the server's max_payload of ${maxPayload}`)
  }
}
