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
 * import { jetstream } from '@nats-io/jetstream'
 *
 * await jetstream(connection).publish('orders.created', 'not json')
 * const error = await jetStreamSource({ connection, stream: 'ORDERS', consumer: 'billing', decode: (d) => JSON.parse(new TextDecoder().decode(d)) })
 *   .mapAsync(1, async (m) => { await bill(m.payload); return m })
 *   .runWith(jetStreamCommitter())
 *   .catch((e) => e)
 * error instanceof JetStreamDecodeError // true
 * error.subject // 'orders.created'
 * error.streamSequence // 4
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
