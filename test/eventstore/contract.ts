/**
 * The event-store contract: one suite, run against every backend (memory.test.ts, sqlite.test.ts,
 * postgres.test.ts). A backend passes a factory of fresh, empty stores.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { Keep, Sink, type Source } from '../../src/index.js'
import {
  DuplicateEventIdError,
  EventStoreClosedError,
  OptimisticLockError,
  SerializationError,
  jsonSerializer,
  sliceOf,
  type EventEnvelope,
  type EventStore,
  type EventStoreOptions,
  type NewEvent,
  type Serializer,
  type SubscriptionControl,
} from '../../src/eventstore/index.js'
import { demandSchedule, runScheduled, TestSink } from '../../src/testkit/index.js'

/** A store as the contract sees it: the interface plus the base class's subscription count. */
export type ContractStore = EventStore & { readonly subscriptionCount: number }

export interface ContractHarness {
  /** A fresh, empty store. The contract closes it after each test. */
  create(options?: EventStoreOptions): Promise<ContractStore>
  /** Number of runs of the property tests (reads cost more on a server). */
  readonly propertyRuns?: number
  /** Host turns without progress after which `runScheduled` calls a run stalled (reads over a network take many). */
  readonly stallAfter?: number
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

export function msg(n: number, tags?: string[]): NewEvent {
  return tags === undefined ? { type: 'MessagePosted', payload: { n } } : { type: 'MessagePosted', payload: { n }, tags }
}

/** Appends `count` events to `aggregateId` in batches of `batch`, starting at its current sequence number `from`. */
export async function fill(store: EventStore, aggregateId: string, count: number, batch = 50, from = 0): Promise<EventEnvelope[]> {
  const out: EventEnvelope[] = []
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i)
    const events = Array.from({ length: n }, (_, k) => msg(from + i + k))
    out.push(...(await store.append(aggregateId, events, { expectedSequenceNumber: from + i })))
  }
  return out
}

/** Rejects when `promise` takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Waits until `check()` is true, polling every few ms. */
export async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

/** Runs a subscription into a collecting sink that takes `n` elements. */
export function collect(source: Source<EventEnvelope, SubscriptionControl>, n: number): [SubscriptionControl, Promise<EventEnvelope[]>] {
  return source.take(n).toMat(Sink.collect(), Keep.both).run()
}

/** Records the reads a store's backend method makes: the limit asked for and the rows returned. */
export function recordReads(store: ContractStore, method: 'readAll' | 'readByTag' | 'readBySlices' | 'readById'): { limit: number; rows: number }[] {
  const target = store as unknown as Record<string, (...args: unknown[]) => unknown>
  const original = target[method]!.bind(store)
  const log: { limit: number; rows: number }[] = []
  target[method] = (...args: unknown[]) => {
    const result = original(...args)
    const record = { limit: args[args.length - 1] as number, rows: -1 }
    log.push(record)
    const settle = (page: { events: readonly unknown[] }): void => {
      record.rows = page.events.length
    }
    if (result instanceof Promise) result.then(settle, () => {})
    else settle(result as { events: readonly unknown[] })
    return result
  }
  return log
}

const offsets = (events: readonly EventEnvelope[]): number[] => events.map((e) => e.offset)

function strictlyIncreasing(xs: readonly number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!)
}

/** The contract every backend must pass. */
export function eventStoreContract(name: string, harness: ContractHarness): void {
  const runs = harness.propertyRuns ?? 50
  const stallAfter = harness.stallAfter ?? 200
  let open: ContractStore[] = []
  const create = async (options?: EventStoreOptions): Promise<ContractStore> => {
    const store = await harness.create(options)
    open.push(store)
    return store
  }
  afterEach(async () => {
    const stores = open
    open = []
    await Promise.all(stores.map((s) => s.close()))
  })

  describe(`${name}: append`, () => {
    it('numbers events from expectedSequenceNumber + 1, with ULID ids and increasing offsets', async () => {
      const store = await create()
      const first = await store.append('room-1', [msg(1), msg(2)], { expectedSequenceNumber: 0 })
      const second = await store.append('room-1', [msg(3)], { expectedSequenceNumber: 2 })
      const all = [...first, ...second]
      expect(all.map((e) => e.sequenceNumber)).toEqual([1, 2, 3])
      expect(all.every((e) => ULID.test(e.id))).toBe(true)
      expect(new Set(all.map((e) => e.id)).size).toBe(3)
      expect(strictlyIncreasing(offsets(all))).toBe(true)
      expect(all.every((e) => e.aggregateId === 'room-1' && e.type === 'MessagePosted' && e.occurredAt instanceof Date)).toBe(true)
    })

    it('returns envelopes equal to what the store reads back', async () => {
      const store = await create()
      const at = new Date('2024-05-01T10:00:00.123Z')
      const id = '01HW0000AA0000000000000000'
      const written = await store.append(
        'room-1',
        [
          { type: 'MessagePosted', payload: { content: 'hi', nested: { list: [1, 'two', null] } }, tags: ['chat', 'room'], occurredAt: at, id },
          { type: 'MessageEdited', payload: 'just a string' },
        ],
        { expectedSequenceNumber: 0 },
      )
      const read = await store.eventsById('room-1').runCollect()
      expect(read).toEqual(written)
      expect(read[0]!.occurredAt.getTime()).toBe(at.getTime())
      expect(read[0]!.id).toBe(id)
      expect(read[0]!.tags).toEqual(['chat', 'room'])
      expect(read[1]!.tags).toEqual([])
      const viaAll = await collect(store.allEvents(), 2)[1]
      expect(viaAll).toEqual(written)
    })

    it('fails with OptimisticLockError naming the aggregate, the expected and the actual sequence number, and writes nothing', async () => {
      const store = await create()
      await fill(store, 'room-1', 3)
      for (const expected of [1, 5]) {
        const error = await store.append('room-1', [msg(9)], { expectedSequenceNumber: expected }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(OptimisticLockError)
        expect(error).toMatchObject({ name: 'OptimisticLockError', aggregateId: 'room-1', expectedSequenceNumber: expected, actualSequenceNumber: 3 })
      }
      const fresh = await store.append('room-2', [msg(1)], { expectedSequenceNumber: 1 }).catch((e: unknown) => e)
      expect(fresh).toMatchObject({ aggregateId: 'room-2', expectedSequenceNumber: 1, actualSequenceNumber: 0 })
      expect((await store.eventsById('room-1').runCollect()).length).toBe(3)
      expect(await store.eventsById('room-2').runCollect()).toEqual([])
    })

    it('lets exactly one of several concurrent appends with the same expected sequence number win', async () => {
      const store = await create()
      await fill(store, 'room-1', 2)
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.append('room-1', [msg(100 + i), msg(200 + i)], { expectedSequenceNumber: 2 })),
      )
      const won = attempts.filter((a) => a.status === 'fulfilled')
      const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')
      expect(won.length).toBe(1)
      expect(lost.every((a) => a.reason instanceof OptimisticLockError && a.reason.actualSequenceNumber >= 2)).toBe(true)
      const events = await store.eventsById('room-1').runCollect()
      expect(events.map((e) => e.sequenceNumber)).toEqual([1, 2, 3, 4])
    })

    it('writes nothing when one payload of a batch cannot be serialized', async () => {
      const store = await create()
      await fill(store, 'room-1', 1)
      for (const bad of [{ n: 1n }, { n: NaN }, { f: () => 1 }, undefined, [1, undefined]]) {
        const error = await store
          .append('room-1', [msg(2), { type: 'Broken', payload: bad }], { expectedSequenceNumber: 1 })
          .catch((e: unknown) => e)
        expect(error).toBeInstanceOf(SerializationError)
        expect(error).toMatchObject({ direction: 'serialize', eventType: 'Broken', aggregateId: 'room-1' })
      }
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      await expect(store.append('room-1', [{ type: 'Cyclic', payload: cyclic }], { expectedSequenceNumber: 1 })).rejects.toThrow(SerializationError)
      expect((await store.eventsById('room-1').runCollect()).map((e) => e.sequenceNumber)).toEqual([1])
    })

    it('refuses a duplicate event id, in the store or within one batch, and writes nothing', async () => {
      const store = await create()
      const [first] = await store.append('room-1', [msg(1)], { expectedSequenceNumber: 0 })
      const again = await store.append('room-2', [msg(1), { ...msg(2), id: first!.id }], { expectedSequenceNumber: 0 }).catch((e: unknown) => e)
      expect(again).toBeInstanceOf(DuplicateEventIdError)
      expect(again).toMatchObject({ eventId: first!.id })
      const id = '01J00000000000000000000000'
      await expect(store.append('room-3', [{ ...msg(1), id }, { ...msg(2), id }], { expectedSequenceNumber: 0 })).rejects.toThrow(DuplicateEventIdError)
      expect(await store.eventsById('room-2').runCollect()).toEqual([])
      expect(await store.eventsById('room-3').runCollect()).toEqual([])
    })

    it('rejects bad arguments with a message naming the argument', async () => {
      const store = await create()
      const ok = { expectedSequenceNumber: 0 }
      await expect(store.append('', [msg(1)], ok)).rejects.toThrow('append(aggregateId): expected a non-empty string, got ""')
      await expect(store.append('a', [], ok)).rejects.toThrow('append(events): expected a non-empty array of events, got an empty array')
      await expect(store.append('a', [msg(1)], { expectedSequenceNumber: -1 })).rejects.toThrow(
        'append(options.expectedSequenceNumber): expected a non-negative integer, got -1',
      )
      await expect(store.append('a', [msg(1)], { expectedSequenceNumber: 0.5 })).rejects.toThrow(RangeError)
      await expect(store.append('a', [{ type: '', payload: 1 }], ok)).rejects.toThrow('append(events[0].type): expected a non-empty string, got ""')
      await expect(store.append('a', [{ ...msg(1), id: 'not-a-ulid' }], ok)).rejects.toThrow('append(events[0].id): expected a ULID, got "not-a-ulid"')
      await expect(store.append('a', [{ ...msg(1), tags: [''] }], ok)).rejects.toThrow('append(events[0].tags)')
      await expect(store.append('a', [{ ...msg(1), occurredAt: new Date(NaN) }], ok)).rejects.toThrow('append(events[0].occurredAt)')
      expect(await store.eventsById('a').runCollect()).toEqual([])
    })

    it('stores payloads through the configured serializer, so later changes to the object change nothing', async () => {
      const calls: string[] = []
      const tagged: Serializer = {
        serialize: (payload, type) => {
          calls.push(`serialize ${type}`)
          return `v1:${jsonSerializer.serialize(payload, type)}`
        },
        deserialize: (data, type) => {
          calls.push(`deserialize ${type}`)
          if (!data.startsWith('v1:')) throw new Error('not v1')
          return jsonSerializer.deserialize(data.slice(3), type)
        },
      }
      const store = await create({ serializer: tagged })
      const payload = { n: 1, list: [1] }
      await store.append('a', [{ type: 'T', payload }], { expectedSequenceNumber: 0 })
      payload.n = 2
      payload.list.push(2)
      const [read] = await store.eventsById('a').runCollect()
      expect(read!.payload).toEqual({ n: 1, list: [1] })
      expect(calls).toEqual(['serialize T', 'deserialize T'])
    })
  })

  describe(`${name}: snapshots`, () => {
    it('stores a snapshot with the events, as of the last one; latestSnapshot of an unknown aggregate is undefined', async () => {
      const store = await create()
      expect(await store.latestSnapshot('room-1')).toBeUndefined()
      await fill(store, 'room-1', 2)
      await store.appendWithSnapshot('room-1', [msg(3), msg(4)], { count: 4 }, { expectedSequenceNumber: 2 })
      const snapshot = await store.latestSnapshot('room-1')
      expect(snapshot).toMatchObject({ aggregateId: 'room-1', sequenceNumber: 4, state: { count: 4 } })
      expect(snapshot!.takenAt).toBeInstanceOf(Date)
      await store.appendWithSnapshot('room-1', [msg(5)], { count: 5 }, { expectedSequenceNumber: 4 })
      expect(await store.latestSnapshot('room-1')).toMatchObject({ sequenceNumber: 5, state: { count: 5 } })
      const rest = await store.eventsById('room-1', { fromSequenceNumber: 5 }).runCollect()
      expect(rest.map((e) => e.sequenceNumber)).toEqual([5])
    })

    it('writes neither events nor snapshot when the append loses the race or the snapshot cannot be serialized', async () => {
      const store = await create()
      await store.appendWithSnapshot('room-1', [msg(1)], { count: 1 }, { expectedSequenceNumber: 0 })
      await expect(store.appendWithSnapshot('room-1', [msg(2)], { count: 2 }, { expectedSequenceNumber: 0 })).rejects.toThrow(OptimisticLockError)
      const error = await store.appendWithSnapshot('room-1', [msg(2)], { count: 10n }, { expectedSequenceNumber: 1 }).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'SerializationError', eventType: 'snapshot' })
      expect(await store.latestSnapshot('room-1')).toMatchObject({ sequenceNumber: 1, state: { count: 1 } })
      expect((await store.eventsById('room-1').runCollect()).length).toBe(1)
    })
  })

  describe(`${name}: eventsById`, () => {
    it('reads an aggregate from a sequence number, across pages, and completes', async () => {
      const store = await create({ initialPageSize: 2, maxPageSize: 8 })
      await fill(store, 'room-1', 40, 7)
      await fill(store, 'room-2', 5)
      const all = await store.eventsById('room-1').runCollect()
      expect(all.map((e) => e.sequenceNumber)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
      const tail = await store.eventsById('room-1', { fromSequenceNumber: 38 }).runCollect()
      expect(tail.map((e) => (e.payload as { n: number }).n)).toEqual([37, 38, 39])
      expect(await store.eventsById('room-1', { fromSequenceNumber: 41 }).runCollect()).toEqual([])
    })

    it('is empty for an unknown aggregate', async () => {
      const store = await create()
      const probe = store.eventsById('nobody').runWith(TestSink.probe<EventEnvelope>())
      // It reads only when pulled, so it learns that it is empty on the first pull.
      await probe.expectNoMessage(20)
      probe.request(1)
      await probe.expectComplete()
    })

    it('rejects a bad fromSequenceNumber or aggregate id at once', async () => {
      const store = await create()
      expect(() => store.eventsById('a', { fromSequenceNumber: 0 })).toThrow('eventsById(fromSequenceNumber): expected a positive integer, got 0')
      expect(() => store.eventsById('a', { fromSequenceNumber: 1.5 })).toThrow(RangeError)
      expect(() => store.eventsById('')).toThrow('eventsById(aggregateId): expected a non-empty string, got ""')
    })

    it('never emits more than requested and terminates once (random demand)', async () => {
      const store = await create({ initialPageSize: 3, maxPageSize: 10 })
      const events = await fill(store, 'room-1', 25, 25)
      await fc.assert(
        fc.asyncProperty(demandSchedule({ maxPause: 0 }), async (schedule) => {
          const run = await runScheduled(store.eventsById('room-1'), schedule, { stallAfter })
          expect(run.violations).toEqual([])
          expect(run.elements).toEqual(events.slice(0, run.elements.length))
          if (run.outcome === 'completed') expect(run.elements.length).toBe(25)
          expect(run.outcome).not.toBe('stalled')
        }),
        { numRuns: runs },
      )
    })
  })

  describe(`${name}: subscriptions`, () => {
    it('catches up, reports it, then follows new events live', async () => {
      const store = await create({ initialPageSize: 4, maxPageSize: 16 })
      const before = await fill(store, 'room-1', 30, 10)
      const [control, done] = collect(store.allEvents(), 35)
      await within(control.caughtUp, 5000, 'caughtUp')
      expect(control.isCaughtUp()).toBe(true)
      expect(control.offset()).toBe(before[29]!.offset)
      const after = [...(await fill(store, 'room-2', 3)), ...(await fill(store, 'room-1', 2, 2, 30))]
      const seen = await within(done, 5000, 'live events')
      expect(offsets(seen)).toEqual(offsets([...before, ...after]))
      expect(seen.slice(30).map((e) => e.id)).toEqual(after.map((e) => e.id))
    })

    it('starts at fromOffset, inclusive', async () => {
      const store = await create()
      const events = await fill(store, 'room-1', 10)
      const from = events[6]!.offset
      const [, done] = collect(store.allEvents({ fromOffset: from }), 4)
      expect(offsets(await within(done, 5000, 'events'))).toEqual(offsets(events.slice(6)))
      const [, beyond] = collect(store.allEvents({ fromOffset: events[9]!.offset + 1 }), 1)
      const [later] = await fill(store, 'room-1', 1, 1, 10)
      expect(offsets(await within(beyond, 5000, 'live event'))).toEqual([later!.offset])
    })

    it('hands over from catching up to live without a gap or a duplicate while writers keep appending', async () => {
      const store = await create({ initialPageSize: 2, maxPageSize: 7 })
      const written = await fill(store, 'room-1', 60, 20)
      const [control, done] = collect(store.allEvents(), 160)
      const writers = Promise.all(
        ['room-2', 'room-3'].map(async (room) => {
          for (let i = 0; i < 10; i++) {
            written.push(...(await store.append(room, [msg(i * 5), msg(i * 5 + 1), msg(i * 5 + 2), msg(i * 5 + 3), msg(i * 5 + 4)], { expectedSequenceNumber: i * 5 })))
            await new Promise((r) => setTimeout(r, i % 3))
          }
        }),
      )
      await writers
      const seen = await within(done, 10_000, 'all events')
      expect(strictlyIncreasing(offsets(seen))).toBe(true)
      expect(offsets(seen)).toEqual(offsets(written).sort((a, b) => a - b))
      expect(control.offset()).toBe(seen[seen.length - 1]!.offset)
    })

    it('eventsByTag emits only the tagged events, in offset order, then live', async () => {
      const store = await create({ initialPageSize: 2 })
      const a = await store.append('room-1', [msg(1, ['red']), msg(2), msg(3, ['red', 'blue'])], { expectedSequenceNumber: 0 })
      const b = await store.append('room-2', [msg(1, ['blue']), msg(2, ['red'])], { expectedSequenceNumber: 0 })
      const [control, done] = collect(store.eventsByTag('red'), 4)
      await within(control.caughtUp, 5000, 'caughtUp')
      const c = await store.append('room-3', [msg(1), msg(2, ['red'])], { expectedSequenceNumber: 0 })
      const seen = await within(done, 5000, 'tagged events')
      expect(seen.map((e) => e.id)).toEqual([a[0]!.id, a[2]!.id, b[1]!.id, c[1]!.id])
      expect(seen[1]!.tags).toEqual(['red', 'blue'])
      expect(() => store.eventsByTag('')).toThrow('eventsByTag(tag): expected a non-empty string, got ""')
    })

    it('eventsBySlices splits the aggregates by slice: two halves add up to allEvents', async () => {
      const store = await create({ initialPageSize: 3 })
      const rooms = Array.from({ length: 12 }, (_, i) => `room-${i}`)
      const written: EventEnvelope[] = []
      for (const room of rooms) written.push(...(await fill(store, room, 3)))
      const inLow = written.filter((e) => sliceOf(e.aggregateId) <= 511)
      expect(inLow.length).toBeGreaterThan(0)
      expect(inLow.length).toBeLessThan(written.length)
      const [, low] = collect(store.eventsBySlices({ minSlice: 0, maxSlice: 511 }), inLow.length)
      const [, high] = collect(store.eventsBySlices({ minSlice: 512, maxSlice: 1023 }), written.length - inLow.length)
      const [lowSeen, highSeen] = await within(Promise.all([low, high]), 5000, 'slices')
      expect(offsets(lowSeen)).toEqual(offsets(inLow))
      expect(offsets([...lowSeen, ...highSeen]).sort((a, b) => a - b)).toEqual(offsets(written))
      const one = sliceOf('room-3')
      const [control, exact] = collect(store.eventsBySlices({ minSlice: one, maxSlice: one }), 4)
      await within(control.caughtUp, 5000, 'caughtUp')
      await fill(store, 'room-3', 1, 1, 3)
      expect((await within(exact, 5000, 'one slice')).map((e) => e.sequenceNumber)).toEqual([1, 2, 3, 4])
    })

    it('countEvents counts what a subscription from an offset would still emit: all, by tag, by slices', async () => {
      const store = await create()
      const written: EventEnvelope[] = []
      for (let i = 0; i < 8; i++) written.push(...(await store.append(`room-${i}`, [msg(1, i % 2 === 0 ? ['red'] : []), msg(2)], { expectedSequenceNumber: 0 })))
      const o = offsets(written)
      for (const k of [0, 3, 15, 16]) {
        const after = k === 0 ? 0 : o[k - 1]!
        const rest = written.slice(k)
        expect(await store.countEvents({}, after)).toBe(rest.length)
        expect(await store.countEvents({ tag: 'red' }, after)).toBe(rest.filter((e) => e.tags.includes('red')).length)
        expect(await store.countEvents({ minSlice: 0, maxSlice: 511 }, after)).toBe(rest.filter((e) => sliceOf(e.aggregateId) <= 511).length)
      }
      await expect(store.countEvents({}, -1)).rejects.toThrow(/countEvents\(afterOffset\)/)
      await expect(store.countEvents({ tag: '' }, 0)).rejects.toThrow('countEvents(query.tag): expected a non-empty string, got ""')
    })

    it('rejects negative or non-integer offsets and bad slice ranges with a RangeError naming the argument', async () => {
      const store = await create()
      expect(() => store.allEvents({ fromOffset: -1 })).toThrow('allEvents(fromOffset): expected a non-negative integer, got -1')
      expect(() => store.allEvents({ fromOffset: 1.5 })).toThrow('allEvents(fromOffset): expected a non-negative integer, got 1.5')
      expect(() => store.eventsByTag('t', { fromOffset: NaN })).toThrow('eventsByTag(fromOffset): expected a non-negative integer, got NaN')
      expect(() => store.eventsBySlices({ minSlice: 0, maxSlice: 1024 })).toThrow('eventsBySlices(maxSlice): expected a slice in 0..1023, got 1024')
      expect(() => store.eventsBySlices({ minSlice: 5, maxSlice: 4 })).toThrow('eventsBySlices(minSlice): expected minSlice <= maxSlice, got 5 > 4')
      expect(() => store.eventsBySlices({ minSlice: -1, maxSlice: 4 })).toThrow('eventsBySlices(minSlice): expected a non-negative integer, got -1')
      expect(() => store.allEvents({ maxPageSize: 0 })).toThrow('allEvents(maxPageSize): expected a positive integer, got 0')
      expect(() => store.allEvents({ retry: { minBackoffMs: 10, maxBackoffMs: 5 } })).toThrow(RangeError)
    })

    it('reads pages that follow demand: nothing beyond one page while downstream does not pull', async () => {
      const store = await create({ initialPageSize: 4, maxPageSize: 32 })
      await fill(store, 'room-1', 300, 100)
      const reads = recordReads(store, 'readAll')
      const [control, probe] = store.allEvents().toMat(TestSink.probe<EventEnvelope>(), Keep.both).run()
      await probe.expectNoMessage(20)
      expect(reads).toEqual([])
      expect(control.isCaughtUp()).toBe(false)
      expect(control.offset()).toBeUndefined()
      probe.request(3)
      const first = await probe.expectNextN(3)
      await probe.expectNoMessage(30)
      expect(reads).toEqual([{ limit: 4, rows: 4 }])
      expect(control.offset()).toBe(first[2]!.offset)
      expect(control.isCaughtUp()).toBe(false)
      probe.request(60)
      await probe.expectNextN(60)
      await probe.expectNoMessage(30)
      const rowsRead = reads.reduce((sum, r) => sum + r.rows, 0)
      expect(reads.every((r) => r.limit <= 32)).toBe(true)
      expect(rowsRead).toBeGreaterThanOrEqual(63)
      expect(rowsRead - 63).toBeLessThanOrEqual(32)
      expect(reads.map((r) => r.limit).slice(0, 4)).toEqual([4, 8, 16, 32])
      probe.cancel()
      await eventually(() => store.subscriptionCount === 0, 2000, 'the subscription to stop')
    })

    it('with readAhead, reads the next page while the current one is emitted: two pages held at most, nothing lost or repeated', async () => {
      const store = await create({ initialPageSize: 4, maxPageSize: 8 })
      await fill(store, 'room-1', 50, 25)
      const reads = recordReads(store, 'readAll')
      const probe = store.allEvents({ readAhead: true }).runWith(TestSink.probe<EventEnvelope>())
      const got: EventEnvelope[] = []
      const rowsRead = (): number => reads.reduce((sum, r) => sum + Math.max(0, r.rows), 0)
      probe.request(1)
      got.push(...(await probe.expectNextN(1)))
      await probe.expectNoMessage(30)
      // the first page (4) and the one read ahead (8), nothing more while downstream does not pull
      expect(reads.map((r) => r.limit)).toEqual([4, 8])
      for (const n of [3, 5, 9, 1]) {
        probe.request(n)
        got.push(...(await probe.expectNextN(n)))
        await probe.expectNoMessage(20)
        expect(rowsRead() - got.length).toBeLessThanOrEqual(2 * 8)
      }
      probe.request(100)
      got.push(...(await probe.expectNextN(50 - got.length)))
      expect(offsets(got)).toHaveLength(50)
      expect(strictlyIncreasing(offsets(got))).toBe(true)
      probe.cancel()
      await eventually(() => store.subscriptionCount === 0, 2000, 'the subscription to stop')
    })

    it('with readAhead, a failed read ahead comes after the events already read', async () => {
      const store = await create({ initialPageSize: 4, maxPageSize: 4 })
      await fill(store, 'room-1', 12)
      const target = store as unknown as Record<string, (...args: unknown[]) => unknown>
      const original = target['readAll']!.bind(store)
      let calls = 0
      target['readAll'] = (...args: unknown[]) => (++calls === 2 ? Promise.reject(new Error('disk on fire')) : original(...args))
      const probe = store.allEvents({ readAhead: true }).runWith(TestSink.probe<EventEnvelope>())
      probe.request(10)
      const got = await probe.expectNextN(4)
      expect(got.map((e) => e.sequenceNumber)).toEqual([1, 2, 3, 4])
      await probe.expectError(/disk on fire/)
    })

    it('with readAhead, a live subscription still follows new events after catching up', async () => {
      const store = await create({ initialPageSize: 2, maxPageSize: 4 })
      await fill(store, 'room-1', 9)
      const [control, probe] = store.allEvents({ readAhead: true }).toMat(TestSink.probe<EventEnvelope>(), Keep.both).run()
      probe.request(20)
      await probe.expectNextN(9)
      await control.caughtUp
      await fill(store, 'room-2', 3)
      const live = await probe.expectNextN(3)
      expect(live.map((e) => e.aggregateId)).toEqual(['room-2', 'room-2', 'room-2'])
      probe.cancel()
    })

    it('reads no more than the first pulls asked for, by default', async () => {
      const store = await create()
      await fill(store, 'room-1', 50)
      const reads = recordReads(store, 'readAll')
      const probe = store.allEvents().runWith(TestSink.probe<EventEnvelope>())
      probe.request(1)
      await probe.expectNextN(1)
      await probe.expectNoMessage(20)
      expect(reads).toEqual([{ limit: 1, rows: 1 }])
      probe.request(2)
      await probe.expectNextN(2)
      await probe.expectNoMessage(20)
      expect(reads).toEqual([{ limit: 1, rows: 1 }, { limit: 2, rows: 2 }])
      probe.cancel()
    })

    it('stops reading when cancelled, and caughtUp rejects when it never caught up', async () => {
      const store = await create({ initialPageSize: 2, maxPageSize: 2 })
      await fill(store, 'room-1', 20)
      const reads = recordReads(store, 'readAll')
      const [control, probe] = store.allEvents().toMat(TestSink.probe<EventEnvelope>(), Keep.both).run()
      probe.request(3)
      await probe.expectNextN(3)
      expect(store.subscriptionCount).toBe(1)
      probe.cancel()
      await expect(within(control.caughtUp, 2000, 'caughtUp')).rejects.toThrow(/stopped before it caught up/)
      const count = reads.length
      await fill(store, 'room-2', 3)
      await new Promise((r) => setTimeout(r, 30))
      expect(reads.length).toBe(count)
      expect(store.subscriptionCount).toBe(0)
    })

    it('completes when shut down through its control', async () => {
      const store = await create()
      await fill(store, 'room-1', 5)
      const [control, done] = store.allEvents().toMat(Sink.collect(), Keep.both).run()
      await within(control.caughtUp, 5000, 'caughtUp')
      control.shutdown()
      expect((await within(done, 5000, 'completion')).length).toBe(5)
      expect(store.subscriptionCount).toBe(0)
    })

    it('fails with EventStoreClosedError when the store closes under it; later calls fail the same way', async () => {
      const store = await create()
      await fill(store, 'room-1', 3)
      const [control, done] = store.allEvents().toMat(Sink.collect(), Keep.both).run()
      await within(control.caughtUp, 5000, 'caughtUp')
      await store.close()
      await expect(within(done, 5000, 'failure')).rejects.toThrow(EventStoreClosedError)
      await expect(store.append('room-1', [msg(4)], { expectedSequenceNumber: 3 })).rejects.toThrow(EventStoreClosedError)
      await expect(store.latestSnapshot('room-1')).rejects.toThrow(EventStoreClosedError)
      await expect(store.eventsById('room-1').runCollect()).rejects.toThrow(EventStoreClosedError)
    })

    it('fails with SerializationError when a stored payload cannot be decoded', async () => {
      const picky: Serializer = {
        serialize: (p) => JSON.stringify(p),
        deserialize: (data, type) => {
          if (type === 'Poison') throw new Error('unknown schema')
          return JSON.parse(data) as unknown
        },
      }
      const store = await create({ serializer: picky })
      await store.append('room-1', [msg(1), { type: 'Poison', payload: 1 }], { expectedSequenceNumber: 0 })
      const [control, done] = store.allEvents().toMat(Sink.collect(), Keep.both).run()
      const error = await within(done, 5000, 'failure').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SerializationError)
      expect(error).toMatchObject({ direction: 'deserialize', eventType: 'Poison', aggregateId: 'room-1' })
      await expect(control.caughtUp).rejects.toBe(error)
    })

    it('never emits more than requested and sends nothing after cancel (random demand)', async () => {
      const store = await create({ initialPageSize: 2, maxPageSize: 8 })
      const events = await fill(store, 'room-1', 20, 20)
      await fc.assert(
        fc.asyncProperty(demandSchedule({ maxPause: 0, cancel: 'always' }), async (schedule) => {
          const run = await runScheduled(store.allEvents(), schedule, { stallAfter })
          expect(run.violations).toEqual([])
          expect(run.elements).toEqual(events.slice(0, run.elements.length))
          expect(run.outcome).toBe('cancelled')
        }),
        { numRuns: runs },
      )
      await eventually(() => store.subscriptionCount === 0, 2000, 'every subscription to stop')
    })
  })
}
