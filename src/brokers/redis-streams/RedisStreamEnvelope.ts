/**
 * What a Redis Streams consumer-group source emits.
 *
 * @module
 */

/**
 * One stream entry read through a consumer group, with the means to acknowledge it. It satisfies
 * the projection source contract (`offset`, `occurredAt`, `ack()`), so a projection can consume it.
 *
 * An entry read but not acknowledged stays in the group's pending entries list (PEL): this
 * consumer reads it again when it restarts, and another consumer takes it over (`XAUTOCLAIM`)
 * after the source's `claim.minIdleMs`.
 *
 * @example
 * ```ts
 * const id = await client.xadd('orders', '*', 'item', 'tea', 'qty', '2')
 * const [m] = await RedisStreams.consumerGroupSource({ client, stream: 'orders', group: 'billing', consumer: 'b-1' }).take(1).runCollect()
 * m!.offset === id // true
 * m!.fields // { item: 'tea', qty: '2' }
 * m!.deliveryCount // 1
 * m!.occurredAt.getTime() === Number(id!.split('-')[0]) // true
 * await m!.ack()
 * m!.isAcked // true
 * ```
 * @category brokers
 * @since 0.1.0
 */
export interface RedisStreamEnvelope<P = Readonly<Record<string, string>>> {
  /** The stream (key) the entry was read from. */
  readonly stream: string
  /** The entry id, `<milliseconds>-<sequence>`. */
  readonly id: string
  /** The entry id again, as the committable offset of the projection source contract. */
  readonly offset: string
  /** The consumer group and the consumer that read it. */
  readonly group: string
  readonly consumer: string
  /** How many times the group has delivered this entry, this delivery included (1 for a new entry). */
  readonly deliveryCount: number
  /** The entry's fields and values. */
  readonly fields: Readonly<Record<string, string>>
  /** The fields decoded by the source's `decode` option (the fields themselves without one). */
  readonly payload: P
  /** When the entry was added: the millisecond part of its id. */
  readonly occurredAt: Date
  /** True once `ack()` (or a committer, or `deadLetter`) has acknowledged it. */
  readonly isAcked: boolean
  /** Acknowledges this entry alone (`XACK`); the committer Sink/Flow batches instead. Idempotent. */
  ack(): Promise<void>
  /**
   * Records why processing failed and leaves the entry pending, so it is delivered again after
   * `claim.minIdleMs` (to whichever consumer claims it). When it is claimed after `maxDeliveries`,
   * the error recorded here goes with it to the dead-letter stream.
   */
  nack(error: unknown): void
  /** Adds the entry, with `error`, to the dead-letter stream and acknowledges it, in one transaction. */
  deadLetter(error: unknown): Promise<void>
}
