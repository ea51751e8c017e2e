import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { Keep, Sink } from '../../src/index.js'
import { EventStoreUnavailableError } from '../../src/eventstore/index.js'
import { SqliteEventStore } from '../../src/eventstore/sqlite/index.js'
import { collect, eventStoreContract, fill, within } from './contract.js'

const dir = mkdtempSync(join(tmpdir(), 'sluice-sqlite-'))
let files = 0
const nextFile = (): string => join(dir, `store-${++files}.db`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

eventStoreContract('SqliteEventStore', { create: async (options) => SqliteEventStore.open(nextFile(), { ...options, synchronous: 'normal' }) })

describe('SqliteEventStore', () => {
  it('puts the database in WAL mode and numbers offsets by rowid', async () => {
    const store = SqliteEventStore.open(nextFile())
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect((await fill(store, 'a', 3)).map((e) => e.offset)).toEqual([1, 2, 3])
    await store.close()
    expect(store.db.open).toBe(false)
  })

  it('sees appends from another connection by polling', async () => {
    const file = nextFile()
    const reader = SqliteEventStore.open(file, { pollIntervalMs: 5 })
    const writer = SqliteEventStore.open(file)
    try {
      await fill(writer, 'a', 2)
      const [control, done] = collect(reader.allEvents(), 4)
      await within(control.caughtUp, 2000, 'caughtUp')
      await fill(writer, 'a', 2, 2, 2)
      expect((await within(done, 2000, 'polled events')).map((e) => e.sequenceNumber)).toEqual([1, 2, 3, 4])
    } finally {
      await reader.close()
      await writer.close()
    }
  })

  it('leaves a database it was given open', async () => {
    const db = new Database(nextFile())
    const store = new SqliteEventStore(db, { tablePrefix: 'es_' })
    await fill(store, 'a', 1)
    await store.close()
    expect(db.open).toBe(true)
    expect(db.prepare('SELECT count(*) AS n FROM es_events').get()).toEqual({ n: 1 })
    db.close()
  })

  it('fails a subscription with EventStoreUnavailableError when the database goes away, after the retries it was given', async () => {
    const db = new Database(nextFile())
    const store = new SqliteEventStore(db, { pollIntervalMs: 5 })
    await fill(store, 'a', 3)
    const [control, done] = store.allEvents({ retry: { minBackoffMs: 1, maxBackoffMs: 4, maxRetries: 3 } }).toMat(Sink.collect(), Keep.both).run()
    await within(control.caughtUp, 2000, 'caughtUp')
    db.close()
    const error = await within(done, 2000, 'failure').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EventStoreUnavailableError)
    expect(String(error)).toMatch(/SQLite event store: The database connection is not open/)
    await expect(store.append('a', [{ type: 'T', payload: 1 }], { expectedSequenceNumber: 3 })).rejects.toThrow(EventStoreUnavailableError)
  })

  it('rejects a bad table prefix', () => {
    expect(() => SqliteEventStore.open(':memory:', { tablePrefix: 'x; DROP' })).toThrow('SqliteEventStore(tablePrefix)')
  })
})
