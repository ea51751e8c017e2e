/**
 * Offsets and the envelopes that carry them.
 *
 * @module
 */

/**
 * Where a projection got to in its source: an event store's offset (a number), a broker's
 * message id (a string such as a Redis Streams entry id) or a stream sequence number.
 *
 * @category projection
 * @since 0.2.0
 */
export type Offset = number | string

/**
 * What a projection can consume: anything that says where it is in its source. The event
 * store's `EventEnvelope` fits (it has `offset`, `occurredAt`, `aggregateId` and
 * `sequenceNumber`), and so do the broker connectors' envelopes (they add `ack()`).
 *
 * - `aggregateId` and `sequenceNumber`, when present, feed the per-aggregate sequence guard.
 * - `occurredAt` feeds the lag in milliseconds.
 * - `ack()`, when present, is called once the envelope's offset is saved (brokers keep their own
 *   "where the group got to"; acknowledging after processing is what at-least-once means there).
 *
 * @example
 * ```ts
 * const envelope: OffsetEnvelope = { offset: 42, occurredAt: new Date(), aggregateId: 'room-1', sequenceNumber: 3 }
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface OffsetEnvelope {
  readonly offset: Offset
  readonly occurredAt?: Date
  readonly aggregateId?: string
  readonly sequenceNumber?: number
  ack?(): Promise<void>
}
