import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteEventStore, SqliteOffsetStore } from '../../src/eventstore/sqlite/index.js'
import { ProjectionId } from '../../src/projection/ProjectionId.js'
import { offsetStoreContract, transactionalOffsetStoreContract } from './offsetStoreContract.js'

const dir = mkdtempSync(join(tmpdir(), 'sluice-offsets-'))
let files = 0
const nextFile = (): string => join(dir, `offsets-${++files}.db`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

offsetStoreContract('SqliteOffsetStore', async (options) => {
  const file = nextFile()
  const store = SqliteOffsetStore.open(file, { ...options, synchronous: 'normal' })
  const second = SqliteOffsetStore.open(file, { ...options, synchronous: 'normal' })
  return {
    store,
    second,
    async close() {
      await store.close()
      await second.close()
    },
  }
})

transactionalOffsetStoreContract('SqliteOffsetStore', async () => {
  const store = SqliteOffsetStore.open(nextFile(), { synchronous: 'normal' })
  store.db.exec('CREATE TABLE read_model (key TEXT PRIMARY KEY)')
  return {
    store,
    insert: (tx: Database.Database, key: string) => tx.prepare('INSERT INTO read_model (key) VALUES (?)').run(key),
    rows: async () => store.db.prepare<[], { key: string }>('SELECT key FROM read_model ORDER BY key').all().map((r) => r.key),
    close: () => store.close(),
  }
})

describe('SqliteOffsetStore', () => {
  const id = ProjectionId.of('rooms')

  it('rejects a transaction whose work returns a Promise with a TypeError, and rolls back what it wrote before', async () => {
    const store = SqliteOffsetStore.open(nextFile())
    try {
      store.db.exec('CREATE TABLE read_model (key TEXT PRIMARY KEY)')
      const result = store.transaction(async (tx) => {
        tx.prepare('INSERT INTO read_model (key) VALUES (?)').run('r1')
        store.saveIn(tx, id, { offset: 1, sequences: new Map() }, 0)
        await Promise.resolve()
        throw new Error('never reported: the transaction is already refused')
      })
      await expect(result).rejects.toThrow(TypeError)
      await expect(result).rejects.toThrow(/^transaction\(work\): work returned a Promise/)
      expect(store.db.prepare('SELECT count(*) AS n FROM read_model').get()).toEqual({ n: 0 })
      expect((await store.load(id)).version).toBe(0)
      expect(store.db.inTransaction).toBe(false)
    } finally {
      await store.close()
    }
  })

  it('shares the database of a SqliteEventStore and leaves it open on close()', async () => {
    const events = SqliteEventStore.open(nextFile())
    const offsets = new SqliteOffsetStore(events.db)
    try {
      await events.append('room-1', [{ type: 'MessagePosted', payload: {} }], { expectedSequenceNumber: 0 })
      await offsets.save(id, { offset: 1, sequences: new Map([['room-1', 1]]) }, 0)
      await offsets.close()
      expect(events.db.open).toBe(true)
      const names = events.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name)
      expect(names).toEqual(expect.arrayContaining(['sluice_events', 'sluice_projection_offsets', 'sluice_projection_sequences']))
    } finally {
      await events.close()
    }
    expect(events.db.open).toBe(false)
  })

  it('closes the database it opened', async () => {
    const store = SqliteOffsetStore.open(nextFile())
    await store.close()
    expect(store.db.open).toBe(false)
  })

  it('uses the table prefix, and keeps at most twice the sequence window as rows (trimmed back to the window)', async () => {
    const db = new Database(':memory:')
    try {
      const store = new SqliteOffsetStore(db, { tablePrefix: 'app_', sequenceWindow: 2 })
      const rows = (): string[] => db.prepare<[], { aggregate_id: string }>('SELECT aggregate_id FROM app_projection_sequences ORDER BY aggregate_id').all().map((r) => r.aggregate_id)
      let v = await store.save(id, { offset: 1, sequences: new Map([['a', 1], ['b', 1], ['c', 1]]) }, 0)
      expect(rows()).toEqual(['b', 'c']) // the last two of the Map
      v = await store.save(id, { offset: 2, sequences: new Map([['d', 1]]) }, v)
      v = await store.save(id, { offset: 3, sequences: new Map([['b', 2]]) }, v)
      expect(rows()).toEqual(['b', 'c', 'd']) // up to twice the window: not trimmed yet
      expect((await store.load(id)).sequences).toEqual(new Map([['d', 1], ['b', 2]]))
      v = await store.save(id, { offset: 4, sequences: new Map([['e', 1]]) }, v)
      expect(rows()).toEqual(['b', 'c', 'd', 'e']) // twice the window: not trimmed yet
      v = await store.save(id, { offset: 5, sequences: new Map([['b', 3]]) }, v)
      expect(rows()).toEqual(['b', 'c', 'd', 'e']) // an advance of a known aggregate adds no row
      v = await store.save(id, { offset: 6, sequences: new Map([['f', 1]]) }, v)
      expect(rows()).toEqual(['b', 'f']) // more than twice the window: back to the window
      expect((await store.load(id)).sequences).toEqual(new Map([['b', 3], ['f', 1]]))
      await store.setOffset(id, 10)
      v = await store.save(id, { offset: 11, sequences: new Map([['g', 1], ['h', 1]]) }, v + 1)
      await store.save(id, { offset: 12, sequences: new Map([['i', 1], ['j', 1]]) }, v)
      expect(rows()).toEqual(['g', 'h', 'i', 'j']) // setOffset restarted the count
      expect(db.prepare('SELECT "offset", offset_type, version, paused, sequence_count FROM app_projection_offsets').get()).toEqual({
        offset: '12',
        offset_type: 'n',
        version: 9,
        paused: 0,
        sequence_count: 4,
      })
    } finally {
      db.close()
    }
  })

  it('upgrades the tables of an earlier pre-release (no sequence_count, a recency index)', async () => {
    const db = new Database(':memory:')
    try {
      db.exec(`
        CREATE TABLE sluice_projection_offsets (name TEXT NOT NULL, key TEXT NOT NULL, "offset" TEXT, offset_type TEXT, version INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (name, key)) WITHOUT ROWID;
        CREATE TABLE sluice_projection_sequences (name TEXT NOT NULL, key TEXT NOT NULL, aggregate_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, version INTEGER NOT NULL, ord INTEGER NOT NULL, PRIMARY KEY (name, key, aggregate_id)) WITHOUT ROWID;
        CREATE INDEX sluice_projection_sequences_recency ON sluice_projection_sequences (name, key, version, ord);
        INSERT INTO sluice_projection_offsets VALUES ('rooms', '', '5', 'n', 3, 1);
        INSERT INTO sluice_projection_sequences VALUES ('rooms', '', 'a', 7, 3, 0);
      `)
      const store = new SqliteOffsetStore(db)
      expect(await store.load(id)).toMatchObject({ offset: 5, version: 3, paused: true, sequences: new Map([['a', 7]]) })
      expect(await store.save(id, { offset: 6, sequences: new Map([['b', 1]]) }, 3)).toBe(4)
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sluice_projection_sequences_recency'").get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })

  it('rejects bad options with typed errors', () => {
    const db = new Database(':memory:')
    try {
      expect(() => new SqliteOffsetStore(db, { tablePrefix: 'x; DROP' })).toThrow(/^SqliteOffsetStore\(tablePrefix\)/)
      expect(() => new SqliteOffsetStore(db, { sequenceWindow: 0 })).toThrow(RangeError)
      expect(() => new SqliteOffsetStore({} as never)).toThrow(/^SqliteOffsetStore\(db\)/)
      expect(() => SqliteOffsetStore.open('')).toThrow(/^SqliteOffsetStore\.open\(filename\)/)
    } finally {
      db.close()
    }
  })
})
