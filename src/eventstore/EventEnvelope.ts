/**
 * What the event store keeps: events in envelopes, and snapshots.
 *
 * @module
 */

/**
 * A stored event: a fact about one aggregate, in the envelope the store puts around it.
 *
 * - `id` is a ULID, unique in the store (given by the writer or generated at append).
 * - `sequenceNumber` counts the events of one aggregate: 1, 2, 3, ... with no gap.
 * - `offset` is the event's position in the whole store. Subscribers see offsets strictly
 *   increasing; they are not consecutive (a rolled-back write leaves a gap, and PostgreSQL offsets
 *   encode the writing transaction, see docs/eventstore.md).
 *
 * @example
 * ```ts
 * const [posted] = await store.append('room-1', [{ type: 'MessagePosted', payload: { content: 'hi' } }], { expectedSequenceNumber: 0 })
 * posted.sequenceNumber // 1
 * ```
 * @category eventstore
 * @since 0.1.0
 */
export interface EventEnvelope<P = unknown> {
  /** A ULID, unique in the store. */
  readonly id: string
  /** The aggregate the event belongs to. */
  readonly aggregateId: string
  /** 1 for the aggregate's first event, then +1 per event. */
  readonly sequenceNumber: number
  /** When the event happened (millisecond precision). */
  readonly occurredAt: Date
  /** The event's type name, for example `'MessagePosted'`; also passed to the serializer. */
  readonly type: string
  /** The event's data, as the serializer decoded it. */
  readonly payload: P
  /** Labels for {@link EventStore.eventsByTag}; empty when none. */
  readonly tags: readonly string[]
  /** The event's position in the store, strictly increasing in the order subscribers see events. */
  readonly offset: number
}

/**
 * An event to append: the store fills in the rest of the envelope.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface NewEvent<P = unknown> {
  /** The event's type name, a non-empty string. */
  readonly type: string
  /** The event's data; it must survive the store's serializer (JSON by default). */
  readonly payload: P
  /** Labels for {@link EventStore.eventsByTag}. */
  readonly tags?: readonly string[]
  /**
   * A ULID chosen by the writer (generated when absent). Giving one makes retries safe: a second
   * append of the same id fails with `DuplicateEventIdError` instead of storing the event twice.
   */
  readonly id?: string
  /** When the event happened (default: now, from the store's clock). */
  readonly occurredAt?: Date
}

/**
 * The state of an aggregate as of one of its events, stored to shorten rebuilding it.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface Snapshot<S = unknown> {
  readonly aggregateId: string
  /** The sequence number of the last event the state includes. */
  readonly sequenceNumber: number
  readonly state: S
  /** When the snapshot was written. */
  readonly takenAt: Date
}
