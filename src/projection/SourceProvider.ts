/**
 * Where a projection's envelopes come from.
 *
 * @module
 */
import { requireFunction } from '../core/args.js'
import type { SourceGraph } from '../core/Graph.js'
import type { EventEnvelope } from '../eventstore/EventEnvelope.js'
import type { EventStore, SubscriptionOptions } from '../eventstore/EventStore.js'
import type { Offset, OffsetEnvelope } from './Offset.js'

/**
 * What a projection asks of its source: a Source of envelopes starting after a saved offset, and
 * optionally a way to re-read one aggregate (for the sequence guard's gap repair).
 *
 * A materialized value with `isCaughtUp()` and `offset()` (the event store's
 * `SubscriptionControl`) lets `whenCaughtUp()` and the lag work; other sources (brokers) still
 * run, and are caught up only when they complete.
 *
 * @example
 * ```ts
 * const provider = SourceProvider.allEvents(store)              // event store, catch-up then live
 * const fromBroker = SourceProvider.fromSource(() => brokerSource) // the broker keeps the offset
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface SourceProvider<E extends OffsetEnvelope> {
  /** Names the source in messages, e.g. `allEvents` or `eventsBySlices(0-255)`. */
  readonly description: string
  /**
   * Whether the source delivers every event of an aggregate (then a jump in sequence numbers is a
   * gap, an error); `false` for a subset such as one tag (then the guard only drops duplicates).
   */
  readonly completeAggregates: boolean
  /** The envelopes after `offset` (all of them when `undefined`). */
  source(offset: Offset | undefined): SourceGraph<E, unknown>
  /** How many envelopes come after `offset`: the projection's lag in events (optional; counted when the status is read, at most once a second). */
  backlog?(offset: Offset | undefined): Promise<number>
  /** The events of `aggregateId` with sequence numbers `from..to`, for gap repair (optional). */
  eventsById?(aggregateId: string, from: number, to: number): SourceGraph<E, unknown>
}

/**
 * Options of the event-store source providers. `readAhead: true` reads the next page while the
 * handler works through the current one: worth it when the database is far away (network latency
 * per page); against a local PostgreSQL it measured no difference, so it is off by default.
 */
export type EventStoreProviderOptions = Omit<SubscriptionOptions, 'fromOffset'>

function afterOffset(op: string, offset: Offset | undefined): number {
  if (offset === undefined) return 0
  if (typeof offset !== 'number')
    throw new TypeError(`SourceProvider.${op}: an event store offset is a number, got the ${typeof offset} ${JSON.stringify(offset)} (was this offset saved by another kind of source?)`)
  return offset + 1
}

/** The saved offset as a count position: 0 before the first event. */
function savedOffset(op: string, offset: Offset | undefined): number {
  return Math.max(0, afterOffset(op, offset) - 1)
}

function byId<P>(store: EventStore<P>): (aggregateId: string, from: number, to: number) => SourceGraph<EventEnvelope<P>, unknown> {
  return (aggregateId, from, to) => store.eventsById(aggregateId, { fromSequenceNumber: from }).take(Math.max(0, to - from + 1))
}

/**
 * Source providers: the event store's subscriptions, or any Source of envelopes.
 *
 * @category projection
 * @since 0.2.0
 */
export const SourceProvider = {
  /** Every event of `store`, from the saved offset on, then live. */
  allEvents<P>(store: EventStore<P>, options: EventStoreProviderOptions = {}): SourceProvider<EventEnvelope<P>> {
    return {
      description: 'allEvents',
      completeAggregates: true,
      source: (offset) => store.allEvents({ ...options, fromOffset: afterOffset('allEvents', offset) }),
      backlog: (offset) => store.countEvents({}, savedOffset('allEvents', offset)),
      eventsById: byId(store),
    }
  },
  /** The events tagged `tag`. A tag may cover only some events of an aggregate, so the guard does not treat jumps as gaps. */
  eventsByTag<P>(store: EventStore<P>, tag: string, options: EventStoreProviderOptions = {}): SourceProvider<EventEnvelope<P>> {
    if (typeof tag !== 'string' || tag.length === 0) throw new TypeError(`SourceProvider.eventsByTag(tag): expected a non-empty string, got ${JSON.stringify(tag)}`)
    return {
      description: `eventsByTag(${tag})`,
      completeAggregates: false,
      source: (offset) => store.eventsByTag(tag, { ...options, fromOffset: afterOffset('eventsByTag', offset) }),
      backlog: (offset) => store.countEvents({ tag }, savedOffset('eventsByTag', offset)),
      eventsById: byId(store),
    }
  },
  /** The events of the aggregates in slices `minSlice..maxSlice` (one part of a scaled-out projection). */
  eventsBySlices<P>(store: EventStore<P>, minSlice: number, maxSlice: number, options: EventStoreProviderOptions = {}): SourceProvider<EventEnvelope<P>> {
    return {
      description: `eventsBySlices(${minSlice}-${maxSlice})`,
      completeAggregates: true,
      source: (offset) => store.eventsBySlices({ ...options, minSlice, maxSlice, fromOffset: afterOffset('eventsBySlices', offset) }),
      backlog: (offset) => store.countEvents({ minSlice, maxSlice }, savedOffset('eventsBySlices', offset)),
      eventsById: byId(store),
    }
  },
  /**
   * Any Source of envelopes. `factory` gets the saved offset (`undefined` at first); a broker
   * source that keeps its own position (a consumer group) may ignore it. Envelopes with `ack()`
   * are acknowledged once their offset is saved.
   */
  fromSource<E extends OffsetEnvelope>(
    factory: (offset: Offset | undefined) => SourceGraph<E, unknown>,
    options: { readonly description?: string; readonly completeAggregates?: boolean } = {},
  ): SourceProvider<E> {
    requireFunction('SourceProvider.fromSource', 'factory', factory)
    return { description: options.description ?? 'source', completeAggregates: options.completeAggregates ?? false, source: factory }
  },
} as const
