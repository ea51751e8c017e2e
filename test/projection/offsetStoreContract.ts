/**
 * The offset-store contract: one suite, run against every backend (offsetStore.sqlite.test.ts,
 * offsetStore.postgres.test.ts, and the memory store's test). A backend passes a factory of fresh,
 * empty stores; `transactionalOffsetStoreContract` adds the checks of stores that save in the
 * handler's transaction.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OffsetConflictError } from '../../src/projection/errors.js'
import type { OffsetStore, OffsetUpdate, TransactionalOffsetStore } from '../../src/projection/OffsetStore.js'
import { ProjectionId } from '../../src/projection/ProjectionId.js'
import { StoreClosedError } from '../../src/projection/StoreClosedError.js'

/** What a factory hands the contract. */
export interface OffsetStoreHandle {
  /** A fresh store with no rows. */
  readonly store: OffsetStore
  /**
   * Another handle on the same rows (a second connection or pool), to play the competing
   * instance; the contract uses `store` itself when there is none (memory).
   */
  readonly second?: OffsetStore
  /** Closes everything the factory opened (the contract closes `store` itself first in one test). */
  close(): Promise<void>
}

/** Options the contract asks the factory for; a factory must honour `sequenceWindow`. */
export interface OffsetStoreTestOptions {
  readonly sequenceWindow?: number
}

const id = ProjectionId.of('rooms', '0-1023')
const update = (offset: number | string, sequences: Record<string, number> = {}): OffsetUpdate => ({ offset, sequences: new Map(Object.entries(sequences)) })

async function using<T>(make: (options?: OffsetStoreTestOptions) => Promise<OffsetStoreHandle>, options: OffsetStoreTestOptions | undefined, body: (h: OffsetStoreHandle) => Promise<T>): Promise<T> {
  const handle = await make(options)
  try {
    return await body(handle)
  } finally {
    await handle.close()
  }
}

async function conflictOf(promise: Promise<unknown>): Promise<OffsetConflictError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(OffsetConflictError)
  return error as OffsetConflictError
}

export function offsetStoreContract(name: string, make: (options?: OffsetStoreTestOptions) => Promise<OffsetStoreHandle>): void {
  describe(`${name}: offset store contract`, () => {
    it('has a fresh row (version 0, no offset, no sequences, not paused) for an unknown id', async () => {
      await using(make, undefined, async ({ store }) => {
        const row = await store.load(id)
        expect(row).toMatchObject({ offset: undefined, paused: false, version: 0 })
        expect([...row.sequences]).toEqual([])
      })
    })

    it('round-trips number and string offsets with their type, and merges sequence numbers across saves', async () => {
      await using(make, undefined, async ({ store }) => {
        expect(await store.save(id, update(42, { 'room-1': 3, 'room-2': 1 }), 0)).toBe(1)
        let row = await store.load(id)
        expect(row.offset).toBe(42)
        expect(row.version).toBe(1)
        expect(Object.fromEntries(row.sequences)).toEqual({ 'room-1': 3, 'room-2': 1 })
        expect(await store.save(id, update('42', { 'room-1': 4 }), 1)).toBe(2)
        row = await store.load(id)
        expect(row.offset).toBe('42')
        expect(Object.fromEntries(row.sequences)).toEqual({ 'room-1': 4, 'room-2': 1 })
        for (const [i, offset] of [1.5, Number.MAX_SAFE_INTEGER, '1700000000000-0', '', 0, 'ü ✓ "quoted"'].entries()) {
          await store.save(id, update(offset), 2 + i)
          expect((await store.load(id)).offset).toBe(offset)
        }
      })
    })

    it('keeps rows apart by name and key', async () => {
      await using(make, undefined, async ({ store }) => {
        const ids = [ProjectionId.of('a', 'b'), ProjectionId.of('a', ''), ProjectionId.of('ab', ''), ProjectionId.of('a', 'c')]
        for (const [i, each] of ids.entries()) await store.save(each, update(i, { [`agg-${i}`]: i + 1 }), 0)
        for (const [i, each] of ids.entries()) {
          const row = await store.load(each)
          expect(row.offset).toBe(i)
          expect(Object.fromEntries(row.sequences)).toEqual({ [`agg-${i}`]: i + 1 })
        }
      })
    })

    it('compare-and-set: of two instances that read one version, only the first save wins; the other gets both versions and writes nothing', async () => {
      await using(make, undefined, async ({ store, second }) => {
        const other = second ?? store
        await store.save(id, update(1, { a: 1 }), 0)
        const [mine, theirs] = [await store.load(id), await other.load(id)]
        expect(await store.save(id, update(2, { a: 2 }), mine.version)).toBe(2)
        const conflict = await conflictOf(other.save(id, update(99, { a: 99, b: 1 }), theirs.version))
        expect(conflict.expectedVersion).toBe(1)
        expect(conflict.actualVersion).toBe(2)
        expect(conflict.projectionId).toEqual(id)
        expect(conflict.message).toMatch(/^saveOffset\(rooms\/0-1023\): expected version 1, found 2/)
        const row = await store.load(id)
        expect(row.offset).toBe(2)
        expect(Object.fromEntries(row.sequences)).toEqual({ a: 2 })
        // A version ahead of the row, and any version on a missing row, conflict too.
        expect((await conflictOf(store.save(id, update(3), 7))).actualVersion).toBe(2)
        expect((await conflictOf(store.save(ProjectionId.of('missing'), update(3), 1))).actualVersion).toBe(0)
      })
    })

    it('concurrent first saves (expected version 0): exactly one wins, the others find version 1', async () => {
      await using(make, undefined, async ({ store, second }) => {
        const stores = [store, second ?? store]
        for (let round = 0; round < 5; round++) {
          const each = ProjectionId.of('race', String(round))
          const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => stores[i % 2]!.save(each, update(i, { [`w${i}`]: 1 }), 0)))
          const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
          expect(won).toHaveLength(1)
          expect(results[won[0]!]).toEqual({ status: 'fulfilled', value: 1 })
          for (const r of results)
            if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'OffsetConflictError', expectedVersion: 0, actualVersion: 1 })
          const row = await store.load(each)
          expect(row.offset).toBe(won[0])
          expect([...row.sequences.keys()]).toEqual([`w${won[0]}`])
        }
      })
    })

    it('keeps the sequence numbers of the 1000 most recently advanced aggregates by default', async () => {
      await using(make, undefined, async ({ store }) => {
        const batch = (from: number): Record<string, number> => Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`agg-${from + i}`, 1]))
        await store.save(id, update(1, batch(0)), 0)
        await store.save(id, update(2, batch(500)), 1)
        // agg-0 advances again: it is recent now; agg-1..agg-499 are the oldest.
        await store.save(id, update(3, { ...batch(1000), 'agg-0': 2 }), 2)
        const row = await store.load(id)
        expect(row.sequences.size).toBe(1000)
        expect(row.sequences.get('agg-0')).toBe(2)
        expect(row.sequences.has('agg-1')).toBe(false)
        expect(row.sequences.has('agg-499')).toBe(false)
        // 501 new ones (500 + agg-0) leave room for the 499 most recent of the second save.
        expect(row.sequences.has('agg-500')).toBe(false)
        expect(row.sequences.get('agg-501')).toBe(1)
        expect(row.sequences.get('agg-1499')).toBe(1)
      })
    })

    it('the window keeps the most recently advanced aggregates (sequenceWindow: 3)', async () => {
      await using(make, { sequenceWindow: 3 }, async ({ store }) => {
        let v = await store.save(id, update(1, { a: 1, b: 1 }), 0)
        v = await store.save(id, update(2, { c: 1 }), v)
        v = await store.save(id, update(3, { a: 2 }), v) // a is recent again: b is the oldest
        v = await store.save(id, update(4, { d: 1 }), v)
        expect(Object.fromEntries((await store.load(id)).sequences)).toEqual({ c: 1, a: 2, d: 1 })
        // A save that moves more aggregates than the window keeps the last ones of its Map.
        v = await store.save(id, update(5, { e: 1, f: 1, g: 1, h: 1 }), v)
        expect(Object.fromEntries((await store.load(id)).sequences)).toEqual({ f: 1, g: 1, h: 1 })
        // A save without sequences keeps them.
        await store.save(id, update(6), v)
        expect(Object.fromEntries((await store.load(id)).sequences)).toEqual({ f: 1, g: 1, h: 1 })
      })
    })

    it('property: load gives the sequenceWindow most recently advanced aggregates, whatever mix of new and known aggregates the saves carry', async () => {
      await using(make, { sequenceWindow: 3 }, async ({ store }) => {
        let run = 0
        const step = fc.oneof(
          { arbitrary: fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 50 })), { maxLength: 5 }), weight: 9 },
          { arbitrary: fc.constant('setOffset' as const), weight: 1 },
        )
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
            const each = ProjectionId.of('window', String(run++))
            let recency: [string, number][] = [] // oldest first: the model of the stored window
            let version = 0
            for (const [i, s] of steps.entries()) {
              if (s === 'setOffset') {
                await store.setOffset(each, i)
                version = (await store.load(each)).version
                recency = []
                continue
              }
              const sequences = new Map(s.map(([a, n]) => [`agg-${a}`, n]))
              version = await store.save(each, { offset: i, sequences }, version)
              for (const [a, n] of [...sequences].slice(-3)) recency = [...recency.filter(([b]) => b !== a), [a, n]]
              expect(Object.fromEntries((await store.load(each)).sequences)).toEqual(Object.fromEntries(recency.slice(-3)))
            }
          }),
          { numRuns: 30 },
        )
      })
    })

    it('resetSequences clears the stored sequence numbers in the same compare-and-set; a conflicting save clears nothing', async () => {
      await using(make, { sequenceWindow: 3 }, async ({ store }) => {
        let v = await store.save(id, update(1, { a: 1, b: 2 }), 0)
        v = await store.save(id, update(2, { c: 1, d: 1 }), v)
        // a lost compare-and-set: nothing cleared, nothing written
        await conflictOf(store.save(id, { offset: 3, sequences: new Map(), resetSequences: true }, v - 1))
        expect(Object.fromEntries((await store.load(id)).sequences)).toEqual({ b: 2, c: 1, d: 1 })
        v = await store.save(id, { offset: 3, sequences: new Map(), resetSequences: true }, v)
        expect(await store.load(id)).toMatchObject({ offset: 3, version: v, sequences: new Map() })
        // then the window fills again, from the sequences of the resetting save on
        v = await store.save(id, { offset: 4, sequences: new Map([['e', 5]]), resetSequences: true }, v)
        v = await store.save(id, update(5, { f: 1, g: 1 }), v)
        expect(Object.fromEntries((await store.load(id)).sequences)).toEqual({ e: 5, f: 1, g: 1 })
        v = await store.save(id, update(6, { h: 1, i: 1, j: 1, k: 1 }), v)
        expect(Object.fromEntries((await store.load(id)).sequences)).toEqual({ i: 1, j: 1, k: 1 })
        await expect(store.save(id, { offset: 7, sequences: new Map(), resetSequences: 'yes' as never }, v)).rejects.toThrow(/update\.resetSequences/)
      })
    })

    it('setOffset sets the offset, clears the sequences, bumps the version and keeps the paused flag', async () => {
      await using(make, undefined, async ({ store }) => {
        await store.setOffset(id, 7)
        expect(await store.load(id)).toMatchObject({ offset: 7, paused: false, version: 1 })
        await store.save(id, update(9, { a: 3 }), 1)
        await store.setPaused(id, true)
        await store.setOffset(id, 'x-1')
        let row = await store.load(id)
        expect(row).toMatchObject({ offset: 'x-1', paused: true, version: 3 })
        expect(row.sequences.size).toBe(0)
        // A projection that read version 2 cannot overwrite what the management call set.
        expect((await conflictOf(store.save(id, update(10), 2))).actualVersion).toBe(3)
        await store.setOffset(id, undefined) // rebuild from scratch
        row = await store.load(id)
        expect(row).toMatchObject({ offset: undefined, paused: true, version: 4 })
      })
    })

    it('setPaused persists the flag without touching the offset or the version (also on a fresh row)', async () => {
      await using(make, undefined, async ({ store }) => {
        await store.setPaused(id, true)
        expect(await store.load(id)).toMatchObject({ offset: undefined, paused: true, version: 0 })
        expect(await store.save(id, update(5, { a: 1 }), 0)).toBe(1)
        expect(await store.load(id)).toMatchObject({ offset: 5, paused: true, version: 1 })
        await store.setPaused(id, false)
        const row = await store.load(id)
        expect(row).toMatchObject({ offset: 5, paused: false, version: 1 })
        expect(Object.fromEntries(row.sequences)).toEqual({ a: 1 })
      })
    })

    it('rejects bad arguments with typed errors that name the call and the argument', async () => {
      await using(make, undefined, async ({ store }) => {
        await expect(store.save(id, update(1), -1)).rejects.toThrow(RangeError)
        await expect(store.save(id, update(1), -1)).rejects.toThrow(/^save\(expectedVersion\)/)
        await expect(store.save(id, update(Number.NaN), 0)).rejects.toThrow(/^save\(update\.offset\)/)
        await expect(store.save(id, { offset: 1, sequences: { a: 1 } as never }, 0)).rejects.toThrow(/^save\(update\.sequences\)/)
        await expect(store.save(id, update(1, { a: -1 }), 0)).rejects.toThrow(/^save\(update\.sequences\["a"\]\)/)
        await expect(store.load({ name: '', key: '' })).rejects.toThrow(/^load\(id\)/)
        await expect(store.setOffset(id, Number.POSITIVE_INFINITY)).rejects.toThrow(/^setOffset\(offset\)/)
        await expect(store.setPaused(id, 'yes' as never)).rejects.toThrow(/^setPaused\(paused\)/)
        expect((await store.load(id)).version).toBe(0)
      })
    })

    it('fails every call after close() with StoreClosedError', async () => {
      await using(make, undefined, async ({ store }) => {
        await store.close()
        await store.close() // twice is fine
        await expect(store.load(id)).rejects.toThrow(StoreClosedError)
        await expect(store.save(id, update(1), 0)).rejects.toThrow(/^save: the .* is closed/)
      })
    })

    it('property: saves from two competing instances write each version exactly once, in order', async () => {
      await using(make, undefined, async ({ store, second }) => {
        const stores = [store, second ?? store]
        let run = 0
        await fc.assert(
          fc.asyncProperty(fc.array(fc.record({ who: fc.integer({ min: 0, max: 1 }), together: fc.boolean() }), { minLength: 1, maxLength: 25 }), async (steps) => {
            const each = ProjectionId.of('property', String(run++))
            const known = [0, 0] // the version each instance last read
            const writers = new Map<number, number>() // version -> the save (step) that wrote it
            const offsets = new Map<number, number>()
            const attempt = async (who: number, step: number): Promise<void> => {
              try {
                const version = await stores[who]!.save(each, update(step, { [`agg-${step % 7}`]: step }), known[who]!)
                expect(writers.has(version)).toBe(false)
                writers.set(version, step)
                offsets.set(version, step)
                known[who] = version
              } catch (e) {
                expect(e).toBeInstanceOf(OffsetConflictError)
                const conflict = e as OffsetConflictError
                expect(conflict.actualVersion).not.toBe(known[who])
                known[who] = (await stores[who]!.load(each)).version // restart from what is stored
              }
            }
            for (const [step, { who, together }] of steps.entries()) {
              if (together) await Promise.all([attempt(0, step), attempt(1, step + 1000)])
              else await attempt(who, step)
            }
            const final = await store.load(each)
            // Versions 1..n, each written by exactly one save; the row holds the last one's offset.
            expect([...writers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: writers.size }, (_, i) => i + 1))
            expect(final.version).toBe(writers.size)
            expect(final.offset).toBe(final.version === 0 ? undefined : offsets.get(final.version))
          }),
          { numRuns: 40 },
        )
      })
    })
  })
}

/** What a transactional store's factory hands the contract: the store and a read-model table in its database. */
export interface TransactionalOffsetStoreHandle<Tx> {
  readonly store: TransactionalOffsetStore<Tx>
  /** Writes a read-model row `key` with `tx` (the handler's write). */
  insert(tx: Tx, key: string): unknown
  /** The read-model rows, read outside any transaction. */
  rows(): Promise<string[]>
  close(): Promise<void>
}

/** Chains `next` after `value`, synchronously when `value` is not a Promise (SQLite's work must stay synchronous). */
function then<A, B>(value: A | Promise<A>, next: (a: A) => B | Promise<B>): B | Promise<B> {
  return value instanceof Promise ? value.then(next) : next(value)
}

export function transactionalOffsetStoreContract<Tx>(name: string, make: () => Promise<TransactionalOffsetStoreHandle<Tx>>): void {
  describe(`${name}: transactional offset store contract`, () => {
    it('commits the handler\'s write and the offset together', async () => {
      const h = await make()
      try {
        const version = await h.store.transaction((tx) => then(h.insert(tx, 'r1'), () => h.store.saveIn(tx, id, update(1, { a: 1 }), 0)))
        expect(version).toBe(1)
        expect(await h.rows()).toEqual(['r1'])
        expect(await h.store.load(id)).toMatchObject({ offset: 1, version: 1 })
      } finally {
        await h.close()
      }
    })

    it('a rolled-back transaction writes neither the handler\'s row nor the offset', async () => {
      const h = await make()
      try {
        const boom = new Error('handler failed after saving')
        const result = h.store.transaction((tx) =>
          then(h.insert(tx, 'r1'), () =>
            then(h.store.saveIn(tx, id, update(1, { a: 1 }), 0), () => {
              throw boom
            }),
          ),
        )
        await expect(result).rejects.toBe(boom)
        expect(await h.rows()).toEqual([])
        expect(await h.store.load(id)).toMatchObject({ offset: undefined, version: 0 })
        expect((await h.store.load(id)).sequences.size).toBe(0)
      } finally {
        await h.close()
      }
    })

    it('a conflicting saveIn rolls back the handler\'s write with it', async () => {
      const h = await make()
      try {
        await h.store.save(id, update(1), 0)
        const result = h.store.transaction((tx) => then(h.insert(tx, 'r1'), () => h.store.saveIn(tx, id, update(2), 0)))
        const conflict = await conflictOf(result)
        expect(conflict.actualVersion).toBe(1)
        expect(await h.rows()).toEqual([])
        expect(await h.store.load(id)).toMatchObject({ offset: 1, version: 1 })
      } finally {
        await h.close()
      }
    })

    it('saveIn with resetSequences clears the sequences with the transaction, and not when it rolls back or conflicts', async () => {
      const h = await make()
      try {
        const reset = (offset: number): OffsetUpdate => ({ offset, sequences: new Map(), resetSequences: true })
        await h.store.save(id, update(1, { a: 1, b: 1 }), 0)
        const boom = new Error('handler failed after saving')
        await expect(h.store.transaction((tx) => then(h.store.saveIn(tx, id, reset(2), 1), () => {
          throw boom
        }))).rejects.toBe(boom)
        expect(Object.fromEntries((await h.store.load(id)).sequences)).toEqual({ a: 1, b: 1 })
        await conflictOf(h.store.transaction((tx) => then(h.insert(tx, 'r0'), () => h.store.saveIn(tx, id, reset(2), 0))))
        expect(Object.fromEntries((await h.store.load(id)).sequences)).toEqual({ a: 1, b: 1 })
        expect(await h.store.transaction((tx) => then(h.insert(tx, 'r1'), () => h.store.saveIn(tx, id, reset(2), 1)))).toBe(2)
        expect(await h.rows()).toEqual(['r1'])
        expect(await h.store.load(id)).toMatchObject({ offset: 2, version: 2, sequences: new Map() })
      } finally {
        await h.close()
      }
    })

    it('refuses saveIn outside one of its transactions', async () => {
      const h = await make()
      try {
        let leaked: Tx | undefined
        await h.store.transaction((tx) => {
          leaked = tx
        })
        await expect(Promise.resolve().then(() => h.store.saveIn(leaked!, id, update(1), 0))).rejects.toThrow(/^saveIn\(tx\)/)
        expect((await h.store.load(id)).version).toBe(0)
      } finally {
        await h.close()
      }
    })
  })
}
