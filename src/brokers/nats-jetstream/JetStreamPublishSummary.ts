/**
 * What a JetStream publishing sink materializes.
 *
 * @module
 */

/**
 * The outcome of a {@link jetStreamSink} run, once every PubAck came back.
 *
 * @example
 * ```ts
 * const records = [1, 2, 2].map((id) => ({ subject: 'orders.created', data: JSON.stringify({ id }), msgId: `order-${id}` }))
 * const summary = await Source.from(records).runWith(jetStreamSink({ connection, maxInFlight: 1 }))
 * summary.published // 3
 * summary.duplicates // 3
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamPublishSummary {
  /** Messages the server acknowledged (duplicates included). */
  readonly published: number
  /** PubAcks with `duplicate: true`: a message with the same `msgId` was already stored. */
  readonly duplicates: number
  /** Publishes retried after a transient failure. */
  readonly retries: number
  /** The stream sequence of the last PubAck, `undefined` when nothing was published. */
  readonly lastSequence: number | undefined
}
