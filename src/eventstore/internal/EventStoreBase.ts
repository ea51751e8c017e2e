/**
 * What every backend shares: argument checks, envelopes, snapshots' serialization, and the
 * Sources built on {@link EventPageSource}. A backend supplies the reads and the atomic write.
 *
 * @module
 * @internal
 */
import { monotonicFactory } from 'ulid'
import { requireNonNegativeInt, requirePositiveInt } from '../../core/args.js'
import { sourceOf, type NotUsed } from '../../core/Graph.js'
import { Source } from '../../dsl/Source.js'
import type {
  AppendOptions,
  EventCountQuery,
  EventsByIdOptions,
  EventStore,
  SliceRangeOptions,
  SubscriptionOptions,
} from '../EventStore.js'
import type { EventEnvelope, NewEvent, Snapshot } from '../EventEnvelope.js'
import { EventStoreClosedError, EventStoreUnavailableError, SerializationError } from '../errors.js'
import { jsonSerializer, type Serializer } from '../Serializer.js'
import type { SubscriptionControl } from '../SubscriptionControl.js'
import { type CheckedSubscription, checkSlices, checkSubscription, requireAggregateId, requireOptions, show, type RetrySettings } from './checks.js'
import { EventPageSource, type Page, type PageRead } from './EventPageSource.js'
import { prepareAppend, serializeSnapshot, type AppendContext, type PreparedEvent } from './prepareAppend.js'

/**
 * Options every store accepts.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface EventStoreOptions {
  /** Encodes payloads (default {@link jsonSerializer}). */
  readonly serializer?: Serializer
  /** Encodes snapshot states (default: `serializer`). */
  readonly snapshotSerializer?: Serializer
  /** The largest page a read asks for (default 1000). */
  readonly maxPageSize?: number
  /**
   * The first page a subscription asks for (default 1: the one event the first pull asked for);
   * pages double while downstream keeps pulling every event of them, up to `maxPageSize`.
   * `eventsById`, which rebuilding state reads to the end, starts at 100 (at most `maxPageSize`).
   */
  readonly initialPageSize?: number
  /** Milliseconds since the epoch for `occurredAt` and `takenAt` (default `Date.now`). */
  readonly clock?: () => number
}

/** A stored snapshot as a backend hands it over. @internal */
export interface StoredSnapshot {
  readonly sequenceNumber: number
  readonly data: string
  readonly takenAt: Date
}

/** A page as a backend reads it (events decoded with {@link EventStoreBase.envelope}). @internal */
export type StoredPage<P> = Page<P>

/** What a backend's atomic write is given. @internal */
export interface WriteRequest<P> {
  readonly aggregateId: string
  readonly expected: number
  readonly events: readonly PreparedEvent<P>[]
  /** The serialized snapshot to store as of the last event, for `appendWithSnapshot`. */
  readonly snapshot: string | undefined
  readonly takenAt: Date
}

/** The first page of `eventsById`: rebuilding an aggregate reads all of it, usually in one page. */
const FIRST_PAGE_BY_ID = 100

/** The base of the three backends. @internal */
export abstract class EventStoreBase<P = unknown, S = unknown> implements EventStore<P, S> {
  protected readonly serializer: Serializer
  protected readonly snapshotSerializer: Serializer
  protected readonly maxPageSize: number
  protected readonly initialPageSize: number
  protected readonly clock: () => number
  protected closed = false
  private readonly appendContext: AppendContext
  private readonly watchers = new Set<() => void>()
  /** Rejects the reads in flight, when the store closes. */
  private readonly inFlight = new Set<() => void>()

  constructor(options: EventStoreOptions = {}, name: string) {
    requireOptions(name, options)
    this.serializer = options.serializer ?? jsonSerializer
    this.snapshotSerializer = options.snapshotSerializer ?? this.serializer
    this.maxPageSize = options.maxPageSize === undefined ? 1000 : requirePositiveInt(name, 'maxPageSize', options.maxPageSize)
    this.initialPageSize =
      options.initialPageSize === undefined ? 1 : requirePositiveInt(name, 'initialPageSize', options.initialPageSize)
    this.clock = options.clock ?? Date.now
    const newId = monotonicFactory()
    this.appendContext = { serializer: this.serializer, newId: () => newId(), now: this.clock }
  }

  // ---- what a backend implements ----------------------------------------------------------------

  /** Writes atomically, or throws `OptimisticLockError`/`DuplicateEventIdError`/... having written nothing. Returns the offsets. */
  protected abstract write(request: WriteRequest<P>): Promise<readonly number[]>
  protected abstract readSnapshot(aggregateId: string): Promise<StoredSnapshot | undefined>
  protected abstract readAll(after: number, limit: number): StoredPage<P> | Promise<StoredPage<P>>
  protected abstract readByTag(tag: string, after: number, limit: number): StoredPage<P> | Promise<StoredPage<P>>
  protected abstract readBySlices(minSlice: number, maxSlice: number, after: number, limit: number): StoredPage<P> | Promise<StoredPage<P>>
  /** Events of one aggregate with `sequenceNumber > afterSequenceNumber`. */
  protected abstract readById(aggregateId: string, afterSequenceNumber: number, limit: number): StoredPage<P> | Promise<StoredPage<P>>
  /** Counts the events of `query` with offsets above `after`. */
  protected abstract count(query: EventCountQuery, after: number): number | Promise<number>
  /** Releases the backend's resources. */
  protected abstract shutdown(): Promise<void>
  /** At the head, subscriptions look again after this long (undefined: only when woken). */
  protected abstract readonly pollIntervalMs: number | undefined
  /** The first watcher arrived / the last one left (PostgreSQL starts and stops listening). */
  protected watchersChanged(_count: number): void {}

  // ---- writing ------------------------------------------------------------------------------------

  async append(aggregateId: string, events: readonly NewEvent<P>[], options: AppendOptions): Promise<EventEnvelope<P>[]> {
    return this.appendInternal('append', aggregateId, events, options, undefined, false)
  }

  async appendWithSnapshot(aggregateId: string, events: readonly NewEvent<P>[], state: S, options: AppendOptions): Promise<EventEnvelope<P>[]> {
    return this.appendInternal('appendWithSnapshot', aggregateId, events, options, state, true)
  }

  private async appendInternal(
    op: string,
    aggregateId: string,
    events: readonly NewEvent<P>[],
    options: AppendOptions,
    state: S | undefined,
    withSnapshot: boolean,
  ): Promise<EventEnvelope<P>[]> {
    const prepared = prepareAppend<P>(op, aggregateId, events, options, this.appendContext)
    const snapshot = withSnapshot ? serializeSnapshot(this.snapshotSerializer, aggregateId, state) : undefined
    if (this.closed) throw new EventStoreClosedError(op)
    const offsets = await this.write({
      aggregateId,
      expected: prepared.expected,
      events: prepared.events,
      snapshot,
      takenAt: new Date(this.clock()),
    })
    return prepared.events.map((e, i) => ({
      id: e.id,
      aggregateId: e.aggregateId,
      sequenceNumber: e.sequenceNumber,
      occurredAt: new Date(e.occurredAt.getTime()),
      type: e.type,
      payload: e.payload,
      tags: e.tags,
      offset: offsets[i]!,
    }))
  }

  async latestSnapshot(aggregateId: string): Promise<Snapshot<S> | undefined> {
    const id = requireAggregateId('latestSnapshot', aggregateId)
    if (this.closed) throw new EventStoreClosedError('latestSnapshot')
    const stored = await this.readSnapshot(id)
    if (stored === undefined) return undefined
    let state: S
    try {
      state = this.snapshotSerializer.deserialize(stored.data, 'snapshot') as S
    } catch (cause) {
      throw new SerializationError('deserialize', 'snapshot', id, cause)
    }
    return { aggregateId: id, sequenceNumber: stored.sequenceNumber, state, takenAt: stored.takenAt }
  }

  // ---- reading ------------------------------------------------------------------------------------

  eventsById(aggregateId: string, options?: EventsByIdOptions): Source<EventEnvelope<P>, NotUsed> {
    const id = requireAggregateId('eventsById', aggregateId)
    const o = requireOptions('eventsById', options)
    const from = o.fromSequenceNumber === undefined ? 1 : requirePositiveInt('eventsById', 'fromSequenceNumber', o.fromSequenceNumber)
    const maxPageSize = o.maxPageSize === undefined ? this.maxPageSize : requirePositiveInt('eventsById', 'maxPageSize', o.maxPageSize)
    return this.source<NotUsed>('eventsById', (after, limit) => this.readById(id, after, limit), from - 1, false, maxPageSize, undefined)
  }

  allEvents(options?: SubscriptionOptions): Source<EventEnvelope<P>, SubscriptionControl> {
    const o = checkSubscription('allEvents', options)
    return this.subscription('allEvents', (after, limit) => this.readAll(after, limit), o)
  }

  eventsByTag(tag: string, options?: SubscriptionOptions): Source<EventEnvelope<P>, SubscriptionControl> {
    if (typeof tag !== 'string' || tag.length === 0)
      throw new TypeError(`eventsByTag(tag): expected a non-empty string, got ${show(tag)}`)
    const o = checkSubscription('eventsByTag', options)
    return this.subscription('eventsByTag', (after, limit) => this.readByTag(tag, after, limit), o)
  }

  async countEvents(query: EventCountQuery, afterOffset: number): Promise<number> {
    if (this.closed) throw new EventStoreClosedError('countEvents')
    if (typeof query !== 'object' || query === null) throw new TypeError(`countEvents(query): expected { tag } or { minSlice, maxSlice } or {}, got ${String(query)}`)
    if ('minSlice' in query) checkSlices('countEvents', query as SliceRangeOptions)
    else if (query.tag !== undefined && (typeof query.tag !== 'string' || query.tag === ''))
      throw new TypeError(`countEvents(query.tag): expected a non-empty string, got ${JSON.stringify(query.tag)}`)
    requireNonNegativeInt('countEvents', 'afterOffset', afterOffset)
    return await this.count(query, afterOffset)
  }

  eventsBySlices(options: SliceRangeOptions): Source<EventEnvelope<P>, SubscriptionControl> {
    const { minSlice, maxSlice } = checkSlices('eventsBySlices', options)
    const o = checkSubscription('eventsBySlices', options)
    return this.subscription(
      'eventsBySlices',
      (after, limit) => this.readBySlices(minSlice, maxSlice, after, limit),
      o,
    )
  }

  private subscription(
    name: string,
    read: (after: number, limit: number) => StoredPage<P> | Promise<StoredPage<P>>,
    o: CheckedSubscription,
  ): Source<EventEnvelope<P>, SubscriptionControl> {
    return this.source<SubscriptionControl>(name, read, Math.max(0, o.fromOffset - 1), true, o.maxPageSize ?? this.maxPageSize, o.retry, o.readAhead)
  }

  private source<M>(
    name: string,
    read: (after: number, limit: number) => StoredPage<P> | Promise<StoredPage<P>>,
    after: number,
    live: boolean,
    maxPageSize: number,
    retry: RetrySettings | undefined,
    readAhead = false,
  ): Source<EventEnvelope<P>, M> {
    const pageRead: PageRead<P> = (from, limit) => {
      if (this.closed) throw new EventStoreClosedError(name)
      const result = read(from, limit)
      if (!(result instanceof Promise)) return result
      // A read in flight when the store closes may never settle (its driver is shutting down):
      // close() rejects it. (Not Promise.race with a "closed" promise: that promise would keep a
      // reaction, and through it a page, for every read ever made.)
      return new Promise<StoredPage<P>>((resolve, reject) => {
        const abandon = (): void => reject(new EventStoreClosedError(name))
        this.inFlight.add(abandon)
        result.then(
          (page) => {
            this.inFlight.delete(abandon)
            resolve(page)
          },
          (error: unknown) => {
            this.inFlight.delete(abandon)
            reject(this.closed ? new EventStoreClosedError(name) : error)
          },
        )
      })
    }
    const position = live ? (e: EventEnvelope<P>) => e.offset : (e: EventEnvelope<P>) => e.sequenceNumber
    const graph = sourceOf<EventEnvelope<P>, M>(
      name,
      () =>
        new EventPageSource<P>({
          name,
          read: pageRead,
          after,
          position,
          live,
          watch: live ? (wake) => this.watch(wake) : undefined,
          pollIntervalMs: this.pollIntervalMs,
          initialPageSize: live ? this.initialPageSize : FIRST_PAGE_BY_ID,
          maxPageSize,
          retry,
          readAhead,
          isRetryable: (e) => e instanceof EventStoreUnavailableError,
        }),
    )
    return new Source<EventEnvelope<P>, M>(graph.module)
  }

  /** Builds the envelope of a stored event, decoding its payload (one object per event). @internal */
  protected envelope(
    offset: number,
    id: string,
    aggregateId: string,
    sequenceNumber: number,
    occurredAt: Date,
    type: string,
    data: string,
    tags: readonly string[],
  ): EventEnvelope<P> {
    let payload: P
    try {
      payload = this.serializer.deserialize(data, type) as P
    } catch (cause) {
      throw new SerializationError('deserialize', type, aggregateId, cause)
    }
    return { id, aggregateId, sequenceNumber, occurredAt, type, payload, tags, offset }
  }

  // ---- wake-ups -----------------------------------------------------------------------------------

  private watch(wake: () => void): () => void {
    if (this.closed) {
      // Let the subscription find out on its next read.
      wake()
      return () => {}
    }
    this.watchers.add(wake)
    this.watchersChanged(this.watchers.size)
    return () => {
      if (this.watchers.delete(wake)) this.watchersChanged(this.watchers.size)
    }
  }

  /** Wakes every subscription waiting at the head: something was appended (or the store closed). @internal */
  protected wakeWatchers(): void {
    for (const wake of this.watchers) wake()
  }

  /** The number of running subscriptions. */
  get subscriptionCount(): number {
    return this.watchers.size
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    // Running subscriptions read once more, or see their read in flight abandoned, and fail with EventStoreClosedError.
    for (const abandon of this.inFlight) abandon()
    this.inFlight.clear()
    this.wakeWatchers()
    await this.shutdown()
  }
}
