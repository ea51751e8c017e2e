/**
 * Projections: 1,000,000 events (1,000 aggregates, payload `{ n }`) projected into a read model
 * (per aggregate: a count and the last value) on SQLite and on PostgreSQL, from offset 0 until
 * caught up, by
 * - the plain loop (the baseline): keyset SELECT of a page of 1,000, UPDATE the read-model rows,
 *   UPDATE the checkpoint, one transaction per page;
 * - sluice exactly-once (`exactlyOnceGrouped`, groups of 1,000: the read-model writes and the
 *   offset in one transaction per group);
 * - sluice at-least-once (`atLeastOnceGrouped`: the writes per group in their own transaction,
 *   then the offset save).
 *
 * The events are seeded once per machine (SQLite: a file in the temp folder; PostgreSQL: schema
 * `sluice_bench_projection`) and reused; every pass starts from an empty read model and no offset.
 * The checksum is the sum of the counts plus the sum of the last values, the same for every
 * library. `projectionCases(events, schema, scenario)` builds the cases for any count (the
 * 1M-event run is `projection.case.ts`; the comparison with Emmett, `emmett.case.ts`, runs fewer).
 */
import { existsSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { EventEnvelope } from '../../../src/eventstore/EventEnvelope.js'
import { PostgresEventStore } from '../../../src/eventstore/postgres/PostgresEventStore.js'
import { PostgresOffsetStore } from '../../../src/eventstore/postgres/PostgresOffsetStore.js'
import { SqliteEventStore } from '../../../src/eventstore/sqlite/SqliteEventStore.js'
import { SqliteOffsetStore } from '../../../src/eventstore/sqlite/SqliteOffsetStore.js'
import { Projection, type Projection as ProjectionType } from '../../../src/projection/Projection.js'
import { ProjectionId } from '../../../src/projection/ProjectionId.js'
import { SourceProvider } from '../../../src/projection/SourceProvider.js'
import type { BenchCase } from '../../harness/BenchCase.js'

const AGGREGATES = 1000
const PAGE = 1000
type Env = EventEnvelope<{ n: number }>

/**
 * The cases of one event count: the SQLite scenario `<scenario>.sqlite` and the PostgreSQL one
 * `<scenario>.postgres` (events in schema `schema`), each with the plain loop, sluice exactly-once
 * and sluice at-least-once.
 */
export function projectionCases(EVENTS: number, SCHEMA: string, scenario: string, only?: 'postgres'): BenchCase[] {
/** Appends the events round-robin, 100 per append, aggregate `agg-(n % 1000)`. */
async function seed(append: (aggregateId: string, events: { type: string; payload: { n: number } }[], expected: number) => Promise<unknown>): Promise<void> {
  const seq = new Array<number>(AGGREGATES).fill(0)
  const perAppend = 100
  for (let base = 0; base < EVENTS; base += AGGREGATES * perAppend) {
    for (let a = 0; a < AGGREGATES; a++) {
      const batch: { type: string; payload: { n: number } }[] = []
      for (let k = 0; k < perAppend; k++) {
        const n = base + k * AGGREGATES + a
        if (n < EVENTS) batch.push({ type: 'E', payload: { n } })
      }
      if (batch.length === 0) continue
      await append(`agg-${a}`, batch, seq[a]!)
      seq[a]! += batch.length
    }
  }
}

// ---- SQLite ----------------------------------------------------------------------------------

interface SqliteCtx {
  db: Database.Database
  store: SqliteEventStore<{ n: number }>
}

async function sqliteSetup(): Promise<SqliteCtx> {
  const file = join(tmpdir(), `sluice-bench-projection-${EVENTS}.db`)
  if (!existsSync(file)) {
    const tmp = `${file}.seeding-${process.pid}`
    const store = SqliteEventStore.open<{ n: number }>(tmp, { synchronous: 'normal' })
    await seed((id, events, expected) => store.append(id, events, { expectedSequenceNumber: expected }))
    await store.close()
    renameSync(tmp, file)
  }
  const db = new Database(file)
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE IF NOT EXISTS rm (aggregate_id TEXT PRIMARY KEY, count INTEGER NOT NULL, last INTEGER NOT NULL)')
  db.exec('CREATE TABLE IF NOT EXISTS plain_checkpoint (name TEXT PRIMARY KEY, offset INTEGER NOT NULL)')
  const store = new SqliteEventStore<{ n: number }>(db, { maxPageSize: PAGE })
  return { db, store }
}

function sqliteReset(ctx: SqliteCtx): void {
  ctx.db.exec('DELETE FROM rm; DELETE FROM plain_checkpoint')
  // the offset store's tables exist once a sluice case opened one
  for (const table of ['sluice_projection_offsets', 'sluice_projection_sequences'])
    if (ctx.db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(table) !== undefined) ctx.db.exec(`DELETE FROM ${table}`)
}

function sqliteChecksum(db: Database.Database): number {
  const r = db.prepare('SELECT sum(count) + sum(last) AS s FROM rm').get() as { s: number }
  return r.s
}

function sqliteUpsert(db: Database.Database): Database.Statement {
  return db.prepare('INSERT INTO rm (aggregate_id, count, last) VALUES (?, 1, ?) ON CONFLICT (aggregate_id) DO UPDATE SET count = count + 1, last = excluded.last')
}

async function runSluice(projection: ProjectionType): Promise<void> {
  const control = projection.run()
  await control.whenCaughtUp()
  await control.stop()
}

function sqliteProjection(ctx: SqliteCtx, mode: 'exactly-once' | 'at-least-once', offsets: SqliteOffsetStore): ProjectionType {
  const upsert = sqliteUpsert(ctx.db)
  const common = { id: ProjectionId.of('bench', mode), sourceProvider: SourceProvider.allEvents(ctx.store), offsetStore: offsets, group: { size: PAGE, within: '10ms' as const } }
  if (mode === 'exactly-once')
    return Projection.exactlyOnceGrouped<Env, Database.Database>({
      ...common,
      handler: (envs) => {
        for (const e of envs) upsert.run(e.aggregateId, e.payload.n)
      },
    })
  const writeGroup = ctx.db.transaction((envs: readonly Env[]) => {
    for (const e of envs) upsert.run(e.aggregateId, e.payload.n)
  })
  return Projection.atLeastOnceGrouped<Env>({ ...common, handler: (envs) => writeGroup(envs) })
}

const sqliteTitle = `SQLite: ${EVENTS.toLocaleString('en')} events -> read model (count + last per aggregate)`

// ---- PostgreSQL ------------------------------------------------------------------------------

interface PgCtx {
  pool: pg.Pool
  store: PostgresEventStore<{ n: number }>
}

async function pgSetup(): Promise<PgCtx> {
  const url = process.env.PG_URL!
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  const store = await PostgresEventStore.connect<{ n: number }>(pool, { schema: SCHEMA, maxPageSize: PAGE })
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.sluice_events`)
  if ((rows[0] as { n: number }).n !== EVENTS) {
    await pool.query(`TRUNCATE ${SCHEMA}.sluice_events CASCADE`)
    await seed((id, events, expected) => store.append(id, events, { expectedSequenceNumber: expected }))
  }
  await pool.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.rm (aggregate_id TEXT PRIMARY KEY, count INTEGER NOT NULL, last INTEGER NOT NULL)`)
  await pool.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.plain_checkpoint (name TEXT PRIMARY KEY, "offset" BIGINT NOT NULL)`)
  return { pool, store }
}

async function pgReset(ctx: PgCtx): Promise<void> {
  await ctx.pool.query(`TRUNCATE ${SCHEMA}.rm, ${SCHEMA}.plain_checkpoint`)
  await ctx.pool.query(`DELETE FROM ${SCHEMA}.sluice_projection_offsets`).catch(() => {})
  await ctx.pool.query(`DELETE FROM ${SCHEMA}.sluice_projection_sequences`).catch(() => {})
}

async function pgChecksum(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query(`SELECT (sum(count) + sum(last))::bigint AS s FROM ${SCHEMA}.rm`)
  return Number((rows[0] as { s: string }).s)
}

/** The read-model writes of one page or group: one statement for all its aggregates. */
async function pgWrite(client: pg.PoolClient | pg.Pool, envs: readonly { aggregateId: string; n: number }[]): Promise<void> {
  const count = new Map<string, number>()
  const last = new Map<string, number>()
  for (const e of envs) {
    count.set(e.aggregateId, (count.get(e.aggregateId) ?? 0) + 1)
    last.set(e.aggregateId, e.n)
  }
  await client.query(
    `INSERT INTO ${SCHEMA}.rm (aggregate_id, count, last) SELECT * FROM unnest($1::text[], $2::int[], $3::int[])
     ON CONFLICT (aggregate_id) DO UPDATE SET count = rm.count + excluded.count, last = excluded.last`,
    [[...count.keys()], [...count.values()], [...last.values()]],
  )
}

const pgTitle = `PostgreSQL: ${EVENTS.toLocaleString('en')} events -> read model (count + last per aggregate)`

// ---- cases -----------------------------------------------------------------------------------

const sqlite = (library: string, c: Omit<BenchCase<SqliteCtx & { offsets?: SqliteOffsetStore }>, 'scenario' | 'title' | 'library'>): BenchCase => ({
  scenario: `${scenario}.sqlite`,
  title: sqliteTitle,
  library,
  passes: 3,
  ...c,
}) as BenchCase
const postgres = (library: string, c: Omit<BenchCase<PgCtx & { offsets?: PostgresOffsetStore }>, 'scenario' | 'title' | 'library'>): BenchCase => ({
  scenario: `${scenario}.postgres`,
  title: pgTitle,
  library,
  passes: 3,
  requires: ['PG_URL'],
  ...c,
}) as BenchCase

  const sqliteCases: BenchCase[] = [
  sqlite('plain loop', {
    baseline: true,
    setup: sqliteSetup,
    beforePass: sqliteReset,
    run(ctx) {
      const { db } = ctx
      const page = db.prepare(`SELECT "offset", aggregate_id, payload FROM sluice_events WHERE "offset" > ? ORDER BY "offset" LIMIT ${PAGE}`).raw(true)
      const upsert = sqliteUpsert(db)
      const checkpoint = db.prepare('INSERT INTO plain_checkpoint (name, offset) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET offset = excluded.offset')
      const apply = db.transaction((rows: [number, string, string][]) => {
        for (const [, aggregateId, payload] of rows) upsert.run(aggregateId, (JSON.parse(payload) as { n: number }).n)
        checkpoint.run('plain', rows[rows.length - 1]![0])
      })
      let after = 0
      for (;;) {
        const rows = page.all(after) as [number, string, string][]
        if (rows.length === 0) break
        apply(rows)
        after = rows[rows.length - 1]![0]
      }
      return sqliteChecksum(db)
    },
    teardown: async (ctx) => {
      await ctx.store.close()
      ctx.db.close()
    },
  }),
  ...(['exactly-once', 'at-least-once'] as const).map((mode) =>
    sqlite(`sluice ${mode}`, {
      setup: async () => {
        const ctx = await sqliteSetup()
        return { ...ctx, offsets: new SqliteOffsetStore(ctx.db) }
      },
      beforePass: sqliteReset,
      async run(ctx) {
        await runSluice(sqliteProjection(ctx, mode, ctx.offsets!))
        return sqliteChecksum(ctx.db)
      },
      teardown: async (ctx) => {
      await ctx.store.close()
      ctx.db.close()
    },
    }),
  ),
  ]
  const postgresCases: BenchCase[] = [
  postgres('plain loop', {
    baseline: true,
    setup: pgSetup,
    beforePass: pgReset,
    async run(ctx) {
      const client = await ctx.pool.connect()
      try {
        let after = 0
        for (;;) {
          // the same visibility rule as the store's subscriptions would need is skipped here: the data is static
          const { rows } = await client.query({
            text: `SELECT "offset", aggregate_id, payload FROM ${SCHEMA}.sluice_events WHERE "offset" > $1 ORDER BY "offset" LIMIT ${PAGE}`,
            values: [after],
            rowMode: 'array',
          })
          if (rows.length === 0) break
          await client.query('BEGIN')
          await pgWrite(
            client,
            (rows as [string, string, unknown][]).map(([, aggregateId, payload]) => ({ aggregateId, n: (typeof payload === 'string' ? (JSON.parse(payload) as { n: number }) : (payload as { n: number })).n })),
          )
          after = Number((rows[rows.length - 1] as [string])[0])
          await client.query(`INSERT INTO ${SCHEMA}.plain_checkpoint (name, "offset") VALUES ('plain', $1) ON CONFLICT (name) DO UPDATE SET "offset" = excluded."offset"`, [after])
          await client.query('COMMIT')
        }
      } finally {
        client.release()
      }
      return pgChecksum(ctx.pool)
    },
    teardown: (ctx) => ctx.store.close().then(() => ctx.pool.end()),
  }),
  ...(['exactly-once', 'at-least-once'] as const).map((mode) =>
    postgres(`sluice ${mode}`, {
      setup: async () => {
        const ctx = await pgSetup()
        return { ...ctx, offsets: await PostgresOffsetStore.connect(ctx.pool, { schema: SCHEMA }) }
      },
      beforePass: pgReset,
      async run(ctx) {
        const common = { id: ProjectionId.of('bench', mode), sourceProvider: SourceProvider.allEvents(ctx.store), group: { size: PAGE, within: '10ms' as const } }
        const toRows = (envs: readonly Env[]) => envs.map((e) => ({ aggregateId: e.aggregateId, n: e.payload.n }))
        const projection =
          mode === 'exactly-once'
            ? Projection.exactlyOnceGrouped<Env, pg.PoolClient>({ ...common, offsetStore: ctx.offsets!, handler: (envs, tx) => pgWrite(tx, toRows(envs)) })
            : Projection.atLeastOnceGrouped<Env>({
                ...common,
                offsetStore: ctx.offsets!,
                handler: async (envs) => {
                  const client = await ctx.pool.connect()
                  try {
                    await client.query('BEGIN')
                    await pgWrite(client, toRows(envs))
                    await client.query('COMMIT')
                  } finally {
                    client.release()
                  }
                },
              })
        await runSluice(projection)
        return pgChecksum(ctx.pool)
      },
      teardown: (ctx) => ctx.store.close().then(() => ctx.pool.end()),
    }),
  ),
]
  return only === 'postgres' ? postgresCases : [...sqliteCases, ...postgresCases]
}
