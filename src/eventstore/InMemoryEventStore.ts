/**
 * The embedded event store: everything in memory, in this process.
 *
 * @module
 */
import type { EventEnvelope } from './EventEnvelope.js'
import type { EventCountQuery } from './EventStore.js'
import { DuplicateEventIdError, OptimisticLockError } from './errors.js'
import {
  EventStoreBase,
  type EventStoreOptions,
  type StoredPage,
  type StoredSnapshot,
  type WriteRequest,
} from './internal/EventStoreBase.js'

/** An event as kept in memory: serialized payload, time as a number (so no reader can change it). */
interface MemoryEvent {
  readonly id: string
  readonly aggregateId: string
  readonly sequenceNumber: number
  readonly occurredAtMs: number
  readonly type: string
  readonly data: string
  readonly tags: readonly string[]
  readonly slice: number
  readonly offset: number
}

const NO_EVENTS: readonly MemoryEvent[] = []

/** The index of the first event in `list` (sorted by offset) with an offset above `after`. */
function firstAfter(list: readonly MemoryEvent[], after: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]!.offset <= after) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * An event store in memory: the default for examples, demos and unit tests. It keeps the whole
 * contract of the other backends, serializer included (payloads are stored serialized, so a
 * payload that would not survive a database does not survive here either, and changing an
 * object after appending it changes nothing stored). Offsets are 1, 2, 3, ...
 *
 * Subscriptions are woken by appends on this store; they never poll.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore<{ content: string }>()
 * await store.append('room-1', [{ type: 'MessagePosted', payload: { content: 'hi' } }], { expectedSequenceNumber: 0 })
 * const replay = await store.eventsById('room-1').runCollect()
 * replay.map((e) => e.payload.content) // ['hi']
 * ```
 * @see {@link EventStore}
 * @category eventstore
 * @since 0.1.0
 */
export class InMemoryEventStore<P = unknown, S = unknown> extends EventStoreBase<P, S> {
  protected readonly pollIntervalMs = undefined
  /** Every event; the one at index i has offset i + 1. */
  private readonly log: MemoryEvent[] = []
  private readonly byAggregate = new Map<string, MemoryEvent[]>()
  private readonly byTag = new Map<string, MemoryEvent[]>()
  private readonly ids = new Set<string>()
  private readonly snapshots = new Map<string, StoredSnapshot>()

  constructor(options: EventStoreOptions = {}) {
    super(options, 'InMemoryEventStore')
  }

  /** The number of events stored. */
  get size(): number {
    return this.log.length
  }

  protected async write(request: WriteRequest<P>): Promise<readonly number[]> {
    const { aggregateId, expected, events } = request
    let list = this.byAggregate.get(aggregateId)
    const actual = list?.length ?? 0
    if (actual !== expected) throw new OptimisticLockError(aggregateId, expected, actual)
    for (const e of events) if (this.ids.has(e.id)) throw new DuplicateEventIdError(e.id)
    // Checked everything: from here on nothing can fail, so the append is all or nothing.
    if (list === undefined) this.byAggregate.set(aggregateId, (list = []))
    const offsets: number[] = []
    for (const e of events) {
      const event: MemoryEvent = {
        id: e.id,
        aggregateId,
        sequenceNumber: e.sequenceNumber,
        occurredAtMs: e.occurredAt.getTime(),
        type: e.type,
        data: e.data,
        tags: e.tags,
        slice: e.slice,
        offset: this.log.length + 1,
      }
      this.log.push(event)
      list.push(event)
      this.ids.add(e.id)
      for (const tag of e.tags) {
        let tagged = this.byTag.get(tag)
        if (tagged === undefined) this.byTag.set(tag, (tagged = []))
        tagged.push(event)
      }
      offsets.push(event.offset)
    }
    if (request.snapshot !== undefined)
      this.snapshots.set(aggregateId, {
        sequenceNumber: events[events.length - 1]!.sequenceNumber,
        data: request.snapshot,
        takenAt: request.takenAt,
      })
    this.wakeWatchers()
    return offsets
  }

  protected async readSnapshot(aggregateId: string): Promise<StoredSnapshot | undefined> {
    const s = this.snapshots.get(aggregateId)
    return s === undefined ? undefined : { ...s, takenAt: new Date(s.takenAt.getTime()) }
  }

  private readonly decode = (e: MemoryEvent): EventEnvelope<P> =>
    this.envelope(e.offset, e.id, e.aggregateId, e.sequenceNumber, new Date(e.occurredAtMs), e.type, e.data, e.tags)

  protected readAll(after: number, limit: number): StoredPage<P> {
    return { events: this.log.slice(after, after + limit).map(this.decode) }
  }

  protected readByTag(tag: string, after: number, limit: number): StoredPage<P> {
    const tagged = this.byTag.get(tag) ?? NO_EVENTS
    const start = firstAfter(tagged, after)
    return { events: tagged.slice(start, start + limit).map(this.decode) }
  }

  protected readBySlices(minSlice: number, maxSlice: number, after: number, limit: number): StoredPage<P> {
    const events: EventEnvelope<P>[] = []
    const log = this.log
    let i = Math.min(after, log.length)
    for (; i < log.length && events.length < limit; i++) {
      const e = log[i]!
      if (e.slice >= minSlice && e.slice <= maxSlice) events.push(this.decode(e))
    }
    // A short page looked at everything up to the last offset: the next read starts there.
    return events.length < limit ? { events, scannedTo: log.length } : { events }
  }

  protected readById(aggregateId: string, afterSequenceNumber: number, limit: number): StoredPage<P> {
    const list = this.byAggregate.get(aggregateId) ?? NO_EVENTS
    return { events: list.slice(afterSequenceNumber, afterSequenceNumber + limit).map(this.decode) }
  }

  protected count(query: EventCountQuery, after: number): number {
    if ('minSlice' in query) {
      let n = 0
      for (let i = Math.min(after, this.log.length); i < this.log.length; i++) {
        const slice = this.log[i]!.slice
        if (slice >= query.minSlice && slice <= query.maxSlice) n++
      }
      return n
    }
    if (query.tag !== undefined) {
      const tagged = this.byTag.get(query.tag) ?? NO_EVENTS
      return tagged.length - firstAfter(tagged, after)
    }
    // offsets are 1..size with no gap
    return Math.max(0, this.log.length - after)
  }

  protected async shutdown(): Promise<void> {}
}
