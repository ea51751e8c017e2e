/**
 * The typed failure of a JetStream publish.
 *
 * @module
 */

/**
 * A publish was not acknowledged by JetStream: no stream captures the subject, the server
 * rejected it, or no PubAck came in time. Whether a message whose PubAck timed out was stored is
 * unknown; publishing it again with the same `msgId` is safe within the stream's duplicate window.
 *
 * @example
 * ```ts
 * const error = await Source.single({ subject: 'nowhere', data: 'x', msgId: 'm-1' })
 *   .runWith(jetStreamSink({ connection, maxRetries: 0 }))
 *   .catch((e) => e)
 * error instanceof JetStreamPublishError // true
 * error.subject // 'nowhere'
 * error.msgId // 'm-1'
 * ```
 * @category brokers
 * @since 0.1.0
 */
export class JetStreamPublishError extends Error {
  override readonly name = 'JetStreamPublishError'
  constructor(
    readonly operation: string,
    readonly subject: string,
    readonly msgId: string | undefined,
    detail: string,
    cause?: unknown,
  ) {
    super(`${operation}: publish to ${JSON.stringify(subject)}${msgId === undefined ? '' : ` (msgId ${JSON.stringify(msgId)})`} failed: ${detail}`, { cause })
  }
}
