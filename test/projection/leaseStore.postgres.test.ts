import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresLeaseStore } from '../../src/eventstore/postgres/index.js'
import type { LeaseStore } from '../../src/projection/LeaseStore.js'
import { checkServer, dropSchemas, inCi, nextSchema, pgUrl, skipReason } from '../eventstore/pg.js'
import { leaseStoreContract } from './leaseStoreContract.js'

if (pgUrl === undefined) {
  if (inCi) {
    describe('PostgresLeaseStore', () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error('CI is set but PG_URL is not: .ci/run must start a cluster with `source .ci/postgres.sh start`')
      })
    })
  } else {
    console.warn(skipReason)
    describe.skip(`PostgresLeaseStore (${skipReason})`, () => {
      it('needs PG_URL', () => {})
    })
  }
} else {
  const url = pgUrl
  beforeAll(() => checkServer(url))
  afterAll(() => dropSchemas(url))

  // Expiry is on the server's clock: the contract waits for real (ttl 400 ms, plus a margin).
  leaseStoreContract('PostgresLeaseStore', async () => {
    const schema = nextSchema()
    const store = await PostgresLeaseStore.connect(url, { schema })
    const opened: LeaseStore[] = [store]
    return {
      store,
      open: async () => {
        const other = await PostgresLeaseStore.connect(url, { schema })
        opened.push(other)
        return other
      },
      ttlMs: 400,
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms + 40)),
      close: async () => {
        for (const s of opened) await s.close()
      },
    }
  })

  describe('PostgresLeaseStore', () => {
    it('of 16 owners blocked on one row at once (16 connections), exactly one takes the lease when the row frees', async () => {
      const schema = nextSchema()
      const store = await PostgresLeaseStore.connect({ connectionString: url, max: 16 }, { schema })
      const blocker = new pg.Client({ connectionString: url })
      await blocker.connect()
      try {
        // An uncommitted, already expired lease: every acquire waits for this transaction, then
        // all of them race for the expired row at the same instant.
        await blocker.query('BEGIN')
        await blocker.query(`INSERT INTO "${schema}".sluice_projection_leases (name, key, owner, expires_at) VALUES ('p', 'k', 'dead', now() - interval '1 second')`)
        const owners = Array.from({ length: 16 }, (_, i) => `owner-${i}`)
        const results = Promise.all(owners.map((owner) => store.acquire('p', 'k', owner, 10_000)))
        // Watched from another connection: inside a transaction, pg_stat_activity is a snapshot.
        const probe = new pg.Client({ connectionString: url })
        await probe.connect()
        const waiting = async (): Promise<number> =>
          (await probe.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0]!.n
        try {
          for (let i = 0; i < 500 && (await waiting()) < 16; i++) await new Promise((r) => setTimeout(r, 10))
          expect(await waiting()).toBe(16)
        } finally {
          await probe.end()
        }
        await blocker.query('COMMIT')
        const won = (await results).flatMap((ok, i) => (ok ? [owners[i]!] : []))
        expect(won).toHaveLength(1)
        expect(await store.holders('p')).toEqual(new Map([['k', won[0]!]]))
      } finally {
        await blocker.end()
        await store.close()
      }
    })

    it('measures expiry on the database clock', async () => {
      const schema = nextSchema()
      const store = await PostgresLeaseStore.connect(url, { schema })
      try {
        await store.acquire('p', 'k', 'a', 60_000)
        const { rows } = await store.pool.query<{ ms: string }>(
          `SELECT extract(epoch FROM expires_at - now()) * 1000 AS ms FROM "${schema}".sluice_projection_leases`,
        )
        expect(Number(rows[0]!.ms)).toBeGreaterThan(50_000)
        expect(Number(rows[0]!.ms)).toBeLessThanOrEqual(60_000)
      } finally {
        await store.close()
      }
    })

    it('shares a given pool and leaves it open on close(); ends its own', async () => {
      const pool = new pg.Pool({ connectionString: url })
      try {
        const shared = await PostgresLeaseStore.connect(pool, { schema: nextSchema(), tablePrefix: 'app_' })
        expect(await shared.acquire('p', 'k', 'a', 1000)).toBe(true)
        await shared.close()
        expect(pool.ended).toBe(false)
        const own = await PostgresLeaseStore.connect(url, { schema: nextSchema() })
        await own.close()
        expect(own.pool.ended).toBe(true)
      } finally {
        await pool.end()
      }
    })
  })
}
