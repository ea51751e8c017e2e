/**
 * What a JetStream publishing sink takes.
 *
 * @module
 */

/**
 * One message to publish with {@link jetStreamSink}.
 *
 * @example
 * ```ts
 * const order = { id: 4, amount: 12 }
 * const record: JetStreamRecord = { subject: 'orders.created', data: JSON.stringify(order), msgId: `order-${order.id}` }
 * const summary = await Source.single(record).runWith(jetStreamSink({ connection }))
 * summary.lastSequence // 4
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamRecord {
  readonly subject: string
  /** The payload; a string is sent as UTF-8. */
  readonly data: Uint8Array | string
  /**
   * Sent as `Nats-Msg-Id`: the stream stores a message once per id within its duplicate window,
   * so a retried publish (after a timeout or a reconnect) is not stored twice.
   */
  readonly msgId?: string
  readonly headers?: Readonly<Record<string, string | readonly string[]>>
}
