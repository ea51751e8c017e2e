import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteLeaseStore } from '../../src/eventstore/sqlite/index.js'
import type { LeaseStore } from '../../src/projection/LeaseStore.js'
import { leaseStoreContract } from './leaseStoreContract.js'

const dir = mkdtempSync(join(tmpdir(), 'sluice-leases-'))
let files = 0
afterAll(() => rmSync(dir, { recursive: true, force: true }))

leaseStoreContract('SqliteLeaseStore', async () => {
  const file = join(dir, `leases-${++files}.db`)
  let now = 1_000_000
  const clock = (): number => now
  const store = SqliteLeaseStore.open(file, { clock })
  const opened: LeaseStore[] = [store]
  return {
    store,
    open: async () => {
      const other = SqliteLeaseStore.open(file, { clock })
      opened.push(other)
      return other
    },
    ttlMs: 1000,
    advance: async (ms) => {
      now += ms
    },
    close: async () => {
      for (const s of opened) await s.close()
    },
  }
})

describe('SqliteLeaseStore', () => {
  it('uses the table prefix, and leaves a database it was given open', async () => {
    const db = new Database(':memory:')
    try {
      const store = new SqliteLeaseStore(db, { tablePrefix: 'app_', clock: () => 0 })
      await store.acquire('p', 'k', 'a', 10)
      expect(db.prepare('SELECT name, key, owner, expires_at FROM app_projection_leases').all()).toEqual([{ name: 'p', key: 'k', owner: 'a', expires_at: 10 }])
      await store.close()
      expect(db.open).toBe(true)
    } finally {
      db.close()
    }
  })

  it('closes a database it opened', async () => {
    const store = SqliteLeaseStore.open(join(dir, 'own.db'))
    await store.close()
    expect(store.db.open).toBe(false)
  })
})
