import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src/eventstore/EventEnvelope.js'
import { SqliteEventStore, SqliteOffsetStore } from '../../src/eventstore/sqlite/index.js'
import { Projection, ProjectionId, SourceProvider, type OffsetUpdate, type ProjectionId as Id } from '../../src/projection/index.js'

type Env = EventEnvelope<{ n: number }>

/** A SQLite offset store whose saves fail now and then, as a database would (inside the transaction: it rolls back). */
class FlakyOffsetStore extends SqliteOffsetStore {
  failures = new Set<number>()
  private saves = 0
  override saveIn(tx: Database.Database, id: Id, update: OffsetUpdate, expectedVersion: number): number {
    if (this.failures.has(++this.saves)) throw Object.assign(new Error('SQLITE_IOERR: disk I/O error (injected)'), { code: 'SQLITE_IOERR' })
    return super.saveIn(tx, id, update, expectedVersion)
  }
}

describe('exactly-once on SQLite under random failures (property)', () => {
  it('handler throws after writing, the offset save fails, runs stop at random points: the read model equals the fold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 2 }),
        fc.boolean(),
        async (count, throwAt, saveFailures, stopAfter, grouped) => {
          const db = new Database(':memory:')
          const store = new SqliteEventStore<{ n: number }>(db)
          for (let n = 0; n < count; n++) await store.append(`agg-${n % 4}`, [{ type: 'E', payload: { n } }], { expectedSequenceNumber: Math.floor(n / 4) })
          db.exec('CREATE TABLE model (aggregate TEXT PRIMARY KEY, sum INTEGER NOT NULL, count INTEGER NOT NULL)')
          const upsert = db.prepare('INSERT INTO model VALUES (?, ?, 1) ON CONFLICT (aggregate) DO UPDATE SET sum = sum + excluded.sum, count = count + 1')
          const offsets = new FlakyOffsetStore(db)
          offsets.failures = new Set(saveFailures)
          const pendingThrows = new Set(throwAt)
          const apply = (e: Env) => {
            upsert.run(e.aggregateId, e.payload.n)
            // after the write: the rollback must undo it
            if (pendingThrows.delete(e.payload.n)) throw new Error(`handler failed at ${e.payload.n} (injected)`)
          }
          const common = { id: ProjectionId.of('prop'), sourceProvider: SourceProvider.allEvents(store), offsetStore: offsets, restart: { minBackoff: 1, maxBackoff: 2, randomFactor: 0 } }
          const make = () =>
            grouped
              ? Projection.exactlyOnceGrouped<Env, Database.Database>({ ...common, group: { size: 7, within: '1ms' }, handler: (envs) => envs.forEach(apply) })
              : Projection.exactlyOnce<Env, Database.Database>({ ...common, handler: apply })
          for (const after of stopAfter) {
            const c = make().run()
            await Promise.race([c.whenCaughtUp().catch(() => {}), new Promise((r) => setTimeout(r, after))])
            await c.stop()
          }
          const c = make().run()
          await c.whenCaughtUp()
          await c.stop()
          const rows = db.prepare('SELECT aggregate, sum, count FROM model ORDER BY aggregate').all()
          const expected = new Map<string, { sum: number; count: number }>()
          for (let n = 0; n < count; n++) {
            const a = `agg-${n % 4}`
            const e = expected.get(a) ?? { sum: 0, count: 0 }
            expected.set(a, { sum: e.sum + n, count: e.count + 1 })
          }
          expect(rows).toEqual([...expected].sort().map(([aggregate, v]) => ({ aggregate, ...v })))
          await store.close()
          db.close()
        },
      ),
      { numRuns: 30 },
    )
  }, 60_000)
})
