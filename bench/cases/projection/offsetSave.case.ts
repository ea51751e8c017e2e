/**
 * The cost of saving a projection's offset: 2,000 saves per pass, each advancing the offset and
 * 100 aggregates' sequence numbers (aggregates rotate over 5,000, so the 1,000-aggregate window
 * fills and is trimmed at every save: the worst case), against a plain checkpoint that does the
 * same writes by hand (a compare-and-set UPDATE of one row and 100 upserts, one transaction) but
 * keeps every aggregate and no recency.
 *
 * The checksum is the row's version after the pass (every save must succeed).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { BenchCase } from '../../harness/BenchCase.js'
import { PostgresOffsetStore } from '../../../src/eventstore/postgres/index.js'
import { SqliteOffsetStore } from '../../../src/eventstore/sqlite/index.js'
import type { OffsetStore, OffsetUpdate } from '../../../src/projection/OffsetStore.js'
import { ProjectionId } from '../../../src/projection/ProjectionId.js'

const SAVES = 2000
const PER_SAVE = 100
const AGGREGATES = 5000
const updates: OffsetUpdate[] = Array.from({ length: SAVES }, (_, i) => ({
  offset: i + 1,
  sequences: new Map(Array.from({ length: PER_SAVE }, (_, k) => [`agg-${(i * PER_SAVE + k) % AGGREGATES}`, i + 1] as [string, number])),
}))
let passes = 0

async function saveAll(store: OffsetStore): Promise<number> {
  const id = ProjectionId.of('bench', String(++passes))
  let version = 0
  for (const update of updates) version = await store.save(id, update, version)
  return version
}

// ---- SQLite ----------------------------------------------------------------------------------

interface SqliteCtx {
  dir: string
  db: Database.Database
}

function sqliteSetup(): SqliteCtx {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-offsets-'))
  const db = new Database(join(dir, 'offsets.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(`
    CREATE TABLE plain_checkpoint (name TEXT PRIMARY KEY, "offset" INTEGER, version INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE plain_sequences (name TEXT NOT NULL, aggregate_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, PRIMARY KEY (name, aggregate_id)) WITHOUT ROWID;
  `)
  return { dir, db }
}

function sqliteTeardown(ctx: SqliteCtx): void {
  ctx.db.close()
  rmSync(ctx.dir, { recursive: true, force: true })
}

const sqlitePlain: BenchCase<SqliteCtx & { save?: (name: string, update: OffsetUpdate, version: number) => number }> = {
  scenario: 'offsets.save.sqlite',
  title: `SQLite: ${SAVES} offset saves of 100 aggregates each (WAL, synchronous=NORMAL)`,
  library: 'plain SQL',
  baseline: true,
  setup: () => {
    const ctx = sqliteSetup()
    const insert = ctx.db.prepare('INSERT INTO plain_checkpoint (name, "offset", version) VALUES (?, ?, 1)')
    const update = ctx.db.prepare('UPDATE plain_checkpoint SET "offset" = ?, version = version + 1 WHERE name = ? AND version = ?')
    const upsert = ctx.db.prepare(
      'INSERT INTO plain_sequences (name, aggregate_id, sequence_number) VALUES (?, ?, ?) ON CONFLICT (name, aggregate_id) DO UPDATE SET sequence_number = excluded.sequence_number',
    )
    const save = ctx.db.transaction((name: string, u: OffsetUpdate, version: number): number => {
      if (version === 0) insert.run(name, u.offset)
      else if (update.run(u.offset, name, version).changes !== 1) throw new Error('conflict')
      for (const [aggregateId, sequenceNumber] of u.sequences) upsert.run(name, aggregateId, sequenceNumber)
      return version + 1
    })
    return { ...ctx, save: (name, u, version) => save.immediate(name, u, version) }
  },
  run: (ctx) => {
    const name = `bench-${++passes}`
    let version = 0
    for (const update of updates) version = ctx.save!(name, update, version)
    return version
  },
  teardown: sqliteTeardown,
}

const sqliteSluice: BenchCase<SqliteCtx & { store?: SqliteOffsetStore }> = {
  scenario: 'offsets.save.sqlite',
  title: sqlitePlain.title,
  library: 'sluice',
  setup: () => {
    const ctx = sqliteSetup()
    return { ...ctx, store: new SqliteOffsetStore(ctx.db) }
  },
  run: (ctx) => saveAll(ctx.store!),
  teardown: sqliteTeardown,
}

// ---- PostgreSQL ------------------------------------------------------------------------------

interface PgCtx {
  pool: pg.Pool
  schema: string
  store?: PostgresOffsetStore
}

async function pgSetup(): Promise<PgCtx> {
  const pool = new pg.Pool({ connectionString: process.env.PG_URL, max: 1 })
  const schema = `sluice_bench_offsets_${process.pid}`
  await pool.query(`CREATE SCHEMA "${schema}"`)
  await pool.query(`
    CREATE TABLE "${schema}".plain_checkpoint (name text PRIMARY KEY, "offset" bigint, version bigint NOT NULL);
    CREATE TABLE "${schema}".plain_sequences (name text NOT NULL, aggregate_id text NOT NULL, sequence_number bigint NOT NULL, PRIMARY KEY (name, aggregate_id));
  `)
  return { pool, schema }
}

async function pgTeardown(ctx: PgCtx): Promise<void> {
  await ctx.store?.close()
  await ctx.pool.query(`DROP SCHEMA "${ctx.schema}" CASCADE`)
  await ctx.pool.end()
}

const pgPlain: BenchCase<PgCtx> = {
  scenario: 'offsets.save.postgres',
  title: `PostgreSQL: ${SAVES} offset saves of 100 aggregates each`,
  library: 'plain SQL',
  baseline: true,
  requires: ['PG_URL'],
  setup: pgSetup,
  run: async (ctx) => {
    const name = `bench-${++passes}`
    const s = `"${ctx.schema}"`
    // One statement per save, as the store's one call: the compare-and-set and the upserts.
    const text = `
      WITH cp AS (
        INSERT INTO ${s}.plain_checkpoint AS c (name, "offset", version) VALUES ($1, $2, 1)
        ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset", version = c.version + 1 WHERE c.version = $3
        RETURNING c.version
      ), seq AS (
        INSERT INTO ${s}.plain_sequences AS q (name, aggregate_id, sequence_number)
        SELECT $1, v.a, v.s FROM cp, unnest($4::text[], $5::bigint[]) AS v(a, s)
        ON CONFLICT (name, aggregate_id) DO UPDATE SET sequence_number = excluded.sequence_number
      )
      SELECT version FROM cp`
    let version = 0
    for (const u of updates) {
      const entries = [...u.sequences]
      const { rows } = await ctx.pool.query<{ version: string }>({
        name: 'plain_save',
        text,
        values: [name, u.offset, version, entries.map((e) => e[0]), entries.map((e) => e[1])],
      })
      if (rows.length !== 1) throw new Error('conflict')
      version = Number(rows[0]!.version)
    }
    return version
  },
  teardown: pgTeardown,
}

const pgSluice: BenchCase<PgCtx> = {
  scenario: 'offsets.save.postgres',
  title: pgPlain.title,
  library: 'sluice',
  requires: ['PG_URL'],
  setup: async () => {
    const ctx = await pgSetup()
    return { ...ctx, store: await PostgresOffsetStore.connect(ctx.pool, { schema: ctx.schema }) }
  },
  run: (ctx) => saveAll(ctx.store!),
  teardown: pgTeardown,
}

export const cases: BenchCase[] = [sqlitePlain, sqliteSluice, pgPlain, pgSluice] as BenchCase[]
