/**
 * The event store's interface, shared by every backend (in-memory, SQLite, PostgreSQL).
 *
 * @module
 */
import type { NotUsed } from '../core/Graph.js'
import type { Source } from '../dsl/Source.js'
import type { EventEnvelope, NewEvent, Snapshot } from './EventEnvelope.js'
import type { SubscriptionControl } from './SubscriptionControl.js'

/**
 * Options of {@link EventStore.append}.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface AppendOptions {
  /**
   * The sequence number the aggregate is at before this append: 0 for a new aggregate, else the
   * sequence number of its last event. When another writer has moved it, the append fails with
   * `OptimisticLockError` and writes nothing.
   */
  readonly expectedSequenceNumber: number
}

/**
 * Options of {@link EventStore.eventsById}.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface EventsByIdOptions {
  /** The first sequence number to read (default 1). Use `snapshot.sequenceNumber + 1` after a snapshot. */
  readonly fromSequenceNumber?: number
  /** The largest page read at once (default: the store's `maxPageSize`). */
  readonly maxPageSize?: number
}

/**
 * Retrying reads of a subscription after the database became unavailable: wait `minBackoffMs`,
 * doubling up to `maxBackoffMs`, at most `maxRetries` times in a row (a successful read resets the
 * count). The subscription resumes after the last event it emitted, so nothing is lost or doubled.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface RetryOptions {
  /** First wait (default 100 ms). */
  readonly minBackoffMs?: number
  /** Longest wait (default 10 s). */
  readonly maxBackoffMs?: number
  /** Failed reads in a row before the subscription fails (default: unlimited). */
  readonly maxRetries?: number
}

/**
 * Options shared by the subscriptions.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface SubscriptionOptions {
  /** The first offset to emit: events with `offset >= fromOffset` (default 0, everything). Resume with `lastOffset + 1`. */
  readonly fromOffset?: number
  /** The largest page read at once (default: the store's `maxPageSize`). */
  readonly maxPageSize?: number
  /** Fail the stream on an unavailable database (the default), or retry with backoff. */
  readonly retry?: RetryOptions
  /**
   * Read the next page while downstream works through the current one (default `false`: a page
   * is read only when downstream pulled everything before it). At most two pages are then held
   * instead of one; the read latency hides behind the consumer's work. For consumers that do I/O
   * per event or per batch, such as projections.
   */
  readonly readAhead?: boolean
}

/**
 * Options of {@link EventStore.eventsBySlices}: a range of slices, both ends included.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface SliceRangeOptions extends SubscriptionOptions {
  /** The first slice, 0..1023. */
  readonly minSlice: number
  /** The last slice, minSlice..1023. */
  readonly maxSlice: number
}

/**
 * Which events {@link EventStore.countEvents} counts: all of them, those with a tag, or those of
 * a slice range — the same selections as the subscriptions.
 *
 * @category eventstore
 * @since 0.2.0
 */
export type EventCountQuery = { readonly tag?: undefined } | { readonly tag: string } | { readonly minSlice: number; readonly maxSlice: number }

/**
 * An event store: append-only, per-aggregate sequence numbers with optimistic concurrency,
 * snapshots, and subscriptions that are Sources. Every backend passes the same contract tests.
 *
 * - **Writes** are atomic: an append stores all of its events or none, and no reader ever sees
 *   part of one.
 * - **Subscriptions** (`allEvents`, `eventsByTag`, `eventsBySlices`) catch up from an offset,
 *   then follow new events, with no gap and no duplicate at the handover, in offset order. They
 *   read a page only when pulled; pages grow (up to `maxPageSize`) while downstream keeps
 *   asking, so a stalled consumer stops the reads with at most one page held.
 * - **Reads of one aggregate** (`eventsById`) end when the stored events are emitted. An unknown
 *   aggregate has no events: the Source is empty.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore()
 * await store.append('room-1', [{ type: 'MessagePosted', payload: { content: 'hi' } }], { expectedSequenceNumber: 0 })
 * const [control, seen] = store.allEvents().take(1).toMat(Sink.collect(), Keep.both).run()
 * (await seen)[0].payload // { content: 'hi' }
 * ```
 * @category eventstore
 * @since 0.1.0
 */
export interface EventStore<P = unknown, S = unknown> {
  /**
   * Appends `events` to the aggregate, numbered from `expectedSequenceNumber + 1`, in one atomic
   * write. Resolves with the stored envelopes (carrying the caller's payload objects). Rejects with
   * `OptimisticLockError`, `SerializationError`, `DuplicateEventIdError`,
   * `EventStoreUnavailableError`, `EventStoreClosedError`, or a `RangeError`/`TypeError` for bad
   * arguments; in every case nothing was written (for `EventStoreUnavailableError`, see there).
   */
  append(aggregateId: string, events: readonly NewEvent<P>[], options: AppendOptions): Promise<EventEnvelope<P>[]>
  /** Like `append`, and in the same atomic write stores `state` as the aggregate's snapshot as of its last new event. */
  appendWithSnapshot(
    aggregateId: string,
    events: readonly NewEvent<P>[],
    state: S,
    options: AppendOptions,
  ): Promise<EventEnvelope<P>[]>
  /** The latest snapshot of the aggregate, or `undefined` when it has none (or does not exist). */
  latestSnapshot(aggregateId: string): Promise<Snapshot<S> | undefined>
  /** The aggregate's events from `fromSequenceNumber`, in order; completes at the last stored one. Empty for an unknown aggregate. */
  eventsById(aggregateId: string, options?: EventsByIdOptions): Source<EventEnvelope<P>, NotUsed>
  /** Every event from `fromOffset` on, then live. */
  allEvents(options?: SubscriptionOptions): Source<EventEnvelope<P>, SubscriptionControl>
  /** The events carrying `tag`, from `fromOffset` on, then live. */
  eventsByTag(tag: string, options?: SubscriptionOptions): Source<EventEnvelope<P>, SubscriptionControl>
  /** The events of the aggregates whose slice is in `minSlice..maxSlice`, from `fromOffset` on, then live. */
  eventsBySlices(options: SliceRangeOptions): Source<EventEnvelope<P>, SubscriptionControl>
  /**
   * How many events after `afterOffset` (exclusive) the selection has, as a subscription from
   * `afterOffset + 1` would emit them now: what a projection's lag in events is. A database counts
   * rows (one range scan): call it now and then, not per event.
   */
  countEvents(query: EventCountQuery, afterOffset: number): Promise<number>
  /** Closes the store: later calls fail with `EventStoreClosedError`, and so do running subscriptions. */
  close(): Promise<void>
}
