/**
 * The typed failure for a message the source cannot decode.
 *
 * @module
 */

/**
 * The `decode` function of a {@link jetStreamSource} threw for a message. The source fails with
 * this error and leaves the message unacknowledged (it is redelivered after `ack_wait`), unless
 * `onDecodeError: 'term'` was chosen, which terminates the message and goes on.
 *
 * @example
 * ```ts
 * const orders = jetStreamSource({ connection, stream: 'ORDERS', consumer: 'billing', decode: (d) => JSON.parse(new TextDecoder().decode(d)) })
 * await orders.runForeach(handle).catch((e) => { if (e instanceof JetStreamDecodeError) console.log(e.subject, e.streamSequence) })
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class JetStreamDecodeError extends Error {
  override readonly name = 'JetStreamDecodeError'
  constructor(
    readonly operation: string,
    readonly subject: string,
    readonly streamSequence: number,
    cause: unknown,
  ) {
    super(`${operation}: cannot decode message ${streamSequence} on ${JSON.stringify(subject)}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}
