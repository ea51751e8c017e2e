import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresEventStore, PostgresOffsetStore } from '../../src/eventstore/postgres/index.js'
import { OffsetConflictError } from '../../src/projection/errors.js'
import { ProjectionId } from '../../src/projection/ProjectionId.js'
import { checkServer, dropSchemas, inCi, nextSchema, pgUrl, skipReason } from '../eventstore/pg.js'
import { offsetStoreContract, transactionalOffsetStoreContract } from './offsetStoreContract.js'

if (pgUrl === undefined) {
  if (inCi) {
    describe('PostgresOffsetStore', () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error('CI is set but PG_URL is not: .ci/run must start a cluster with `source .ci/postgres.sh start`')
      })
    })
  } else {
    console.warn(skipReason)
    describe.skip(`PostgresOffsetStore (${skipReason})`, () => {
      it('needs PG_URL', () => {})
    })
  }
} else {
  const url = pgUrl
  beforeAll(() => checkServer(url))
  afterAll(() => dropSchemas(url))
  const id = ProjectionId.of('rooms')

  offsetStoreContract('PostgresOffsetStore', async (options) => {
    const schema = nextSchema()
    const store = await PostgresOffsetStore.connect(url, { ...options, schema })
    // A second pool: the competing instance has connections of its own.
    const second = await PostgresOffsetStore.connect(url, { ...options, schema })
    return {
      store,
      second,
      async close() {
        await store.close()
        await second.close()
      },
    }
  })

  transactionalOffsetStoreContract('PostgresOffsetStore', async () => {
    const schema = nextSchema()
    const store = await PostgresOffsetStore.connect(url, { schema })
    await store.pool.query(`CREATE TABLE "${schema}".read_model (key text PRIMARY KEY)`)
    return {
      store,
      insert: (tx: pg.PoolClient, key: string) => tx.query(`INSERT INTO "${schema}".read_model (key) VALUES ($1)`, [key]),
      rows: async () => (await store.pool.query<{ key: string }>(`SELECT key FROM "${schema}".read_model ORDER BY key`)).rows.map((r) => r.key),
      close: () => store.close(),
    }
  })

  describe('PostgresOffsetStore', () => {
    it('of two transactions that both save a first offset, the second waits for the first and conflicts', async () => {
      const store = await PostgresOffsetStore.connect(url, { schema: nextSchema() })
      try {
        let release!: () => void
        const held = new Promise<void>((r) => (release = r))
        let saved!: () => void
        const firstSaved = new Promise<void>((r) => (saved = r))
        // The first transaction saves and then stays open until the second one is blocked on it.
        const first = store.transaction(async (tx) => {
          await store.saveIn(tx, id, { offset: 1, sequences: new Map([['a', 1]]) }, 0)
          saved()
          await held
        })
        await firstSaved
        const second = store.transaction((tx) => store.saveIn(tx, id, { offset: 2, sequences: new Map([['b', 1]]) }, 0))
        // The second is waiting on the first's uncommitted row.
        const probe = new pg.Client({ connectionString: url })
        await probe.connect()
        try {
          const waiting = async (): Promise<number> =>
            (await probe.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0]!.n
          for (let i = 0; i < 500 && (await waiting()) < 1; i++) await new Promise((r) => setTimeout(r, 10))
          expect(await waiting()).toBe(1)
        } finally {
          await probe.end()
        }
        release()
        await first
        const error = await second.then(() => undefined, (e: unknown) => e)
        expect(error).toBeInstanceOf(OffsetConflictError)
        expect(error).toMatchObject({ expectedVersion: 0, actualVersion: 1 })
        const row = await store.load(id)
        expect(row).toMatchObject({ offset: 1, version: 1 })
        expect([...row.sequences.keys()]).toEqual(['a'])
      } finally {
        await store.close()
      }
    })

    it('rejects when work swallowed a failed statement (PostgreSQL turns the COMMIT into a rollback)', async () => {
      const schema = nextSchema()
      const store = await PostgresOffsetStore.connect(url, { schema })
      try {
        const result = store.transaction(async (tx) => {
          await store.saveIn(tx, id, { offset: 1, sequences: new Map() }, 0)
          await tx.query('SELECT * FROM no_such_table').catch(() => {})
        })
        await expect(result).rejects.toThrow(/^transaction\(work\): the transaction was aborted/)
        expect((await store.load(id)).version).toBe(0)
        expect(store.pool.idleCount).toBe(store.pool.totalCount) // the client went back
      } finally {
        await store.close()
      }
    })

    it('destroys the client of a transaction whose connection broke, and keeps working', async () => {
      const store = await PostgresOffsetStore.connect({ connectionString: url, max: 2 }, { schema: nextSchema() })
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      try {
        const result = store.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid])
          await store.saveIn(tx, id, { offset: 1, sequences: new Map() }, 0)
        })
        await expect(result).rejects.toThrow()
        expect(store.pool.totalCount).toBe(store.pool.idleCount) // nothing checked out
        expect(await store.transaction((tx) => store.saveIn(tx, id, { offset: 2, sequences: new Map() }, 0))).toBe(1)
        expect((await store.load(id)).offset).toBe(2)
      } finally {
        await admin.end()
        await store.close()
      }
    })

    it('shares the pool and schema of a PostgresEventStore and leaves the pool open on close()', async () => {
      const schema = nextSchema()
      const events = await PostgresEventStore.connect(url, { schema })
      try {
        const offsets = await PostgresOffsetStore.connect(events.pool, { schema })
        await offsets.save(id, { offset: 1, sequences: new Map() }, 0)
        await offsets.close()
        const { rows } = await events.pool.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
          [schema],
        )
        expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['sluice_events', 'sluice_projection_offsets', 'sluice_projection_sequences']))
        expect(events.pool.ended).toBe(false)
      } finally {
        await events.close()
      }
    })

    it('ends the pool it created, uses the table prefix, and keeps at most twice the sequence window as rows (trimmed back to the window)', async () => {
      const schema = nextSchema()
      const store = await PostgresOffsetStore.connect(url, { schema, tablePrefix: 'app_', sequenceWindow: 2 })
      await store.save(id, { offset: 'x', sequences: new Map([['a', 1], ['b', 1], ['c', 1]]) }, 0)
      const rows = async (): Promise<string[]> =>
        (await store.pool.query<{ a: string }>(`SELECT aggregate_id AS a FROM "${schema}".app_projection_sequences ORDER BY aggregate_id`)).rows.map((r) => r.a)
      expect(await rows()).toEqual(['b', 'c']) // the last two of the Map
      await store.save(id, { offset: 'y', sequences: new Map([['d', 1]]) }, 1)
      await store.save(id, { offset: 'z', sequences: new Map([['b', 2]]) }, 2)
      expect(await rows()).toEqual(['b', 'c', 'd']) // up to twice the window: not trimmed yet
      expect((await store.load(id)).sequences).toEqual(new Map([['d', 1], ['b', 2]]))
      await store.save(id, { offset: 'w', sequences: new Map([['e', 1]]) }, 3)
      expect(await rows()).toEqual(['b', 'c', 'd', 'e']) // twice the window: not trimmed yet
      await store.save(id, { offset: 'v', sequences: new Map([['b', 3]]) }, 4)
      expect(await rows()).toEqual(['b', 'c', 'd', 'e']) // an advance of a known aggregate adds no row
      await store.save(id, { offset: 'u', sequences: new Map([['f', 1]]) }, 5)
      expect(await rows()).toEqual(['b', 'f']) // more than twice the window: back to the window
      expect((await store.load(id)).sequences).toEqual(new Map([['b', 3], ['f', 1]]))
      await store.setOffset(id, 10)
      await store.save(id, { offset: 11, sequences: new Map([['g', 1], ['h', 1]]) }, 7)
      await store.save(id, { offset: 12, sequences: new Map([['i', 1], ['j', 1]]) }, 8)
      expect(await rows()).toEqual(['g', 'h', 'i', 'j']) // setOffset restarted the count
      const { rows: offsetRows } = await store.pool.query(`SELECT "offset", offset_type, version::int, sequence_count::int FROM "${schema}".app_projection_offsets`)
      expect(offsetRows).toEqual([{ offset: '12', offset_type: 'n', version: 9, sequence_count: 4 }])
      await store.close()
      expect(store.pool.ended).toBe(true)
    })

    it('rejects bad targets and options with typed errors', async () => {
      await expect(PostgresOffsetStore.connect(42 as never)).rejects.toThrow(/^PostgresOffsetStore\.connect\(target\)/)
      await expect(PostgresOffsetStore.connect(url, { tablePrefix: 'a-b' })).rejects.toThrow(/^PostgresOffsetStore\.connect\(tablePrefix\)/)
      await expect(PostgresOffsetStore.connect(url, { sequenceWindow: -1 })).rejects.toThrow(RangeError)
    })
  })
}
