/**
 * Issue 7's benchmark: the event store on SQLite and PostgreSQL against a plain driver loop doing
 * the same work.
 *
 * - append, one event per append (a transaction each) and 100 events per append;
 * - catch-up: a subscription reading every stored event (1,000,000 by default) until it has them
 *   all, against a keyset-paginated SELECT loop with the same page size (1000) that decodes the
 *   same payloads.
 *
 * PostgreSQL runs when PG_URL is set (`source .ci/postgres.sh start`). EVENTSTORE_BENCH_EVENTS
 * changes the number of stored events for the catch-up suites. Both sides of a suite share one
 * database configuration (SQLite: WAL, synchronous=NORMAL).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { monotonicFactory } from 'ulid'
import type { EventStore } from '../../src/eventstore/index.js'
import { PostgresEventStore } from '../../src/eventstore/postgres/index.js'
import { SqliteEventStore } from '../../src/eventstore/sqlite/index.js'
import { runSuite } from '../lib.js'

// The store makes its ids with a monotonic factory; a plain `ulid()` call is much slower.
const ulid = monotonicFactory()
const STORED = Number(process.env.EVENTSTORE_BENCH_EVENTS ?? 1_000_000)
const PAGE = 1000
const payload = (n: number): { n: number; content: string; senderId: string } => ({ n, content: `message number ${n}`, senderId: 'user-1' })
type Payload = ReturnType<typeof payload>

let runs = 0
const nextAggregate = (): string => `bench-${++runs}`

/** Appends `count` events through the store, `batch` per append, to a fresh aggregate. */
async function storeAppends(store: EventStore<Payload>, count: number, batch: number): Promise<number> {
  const id = nextAggregate()
  for (let i = 0; i < count; i += batch) {
    const events = Array.from({ length: batch }, (_, k) => ({ type: 'MessagePosted', payload: payload(i + k) }))
    await store.append(id, events, { expectedSequenceNumber: i })
  }
  return count
}

/** Reads every stored event through a subscription, until it has them all. */
async function storeCatchUp(store: EventStore<Payload>): Promise<number> {
  return store
    .allEvents({ maxPageSize: PAGE })
    .take(STORED)
    .runFold(0, (sum, e) => sum + e.payload.n)
}

// ---- SQLite ---------------------------------------------------------------------------------------

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'))
  const store = SqliteEventStore.open<Payload>(join(dir, 'store.db'), { synchronous: 'normal', maxPageSize: PAGE })
  const db = store.db
  try {
    // The plain loop writes the same rows with the same check, in its own table.
    // The plain loop writes the same rows (same columns, keys and check) into a table of its own.
    db.exec(`CREATE TABLE plain ("offset" INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, aggregate_id TEXT NOT NULL,
             sequence_number INTEGER NOT NULL, occurred_at INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, tags TEXT,
             slice INTEGER NOT NULL, UNIQUE (aggregate_id, sequence_number))`)
    const current = db.prepare<[string], { n: number | null }>('SELECT max(sequence_number) AS n FROM plain WHERE aggregate_id = ?')
    const insert = db.prepare(
      'INSERT INTO plain (id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)',
    )
    const plainAppend = db.transaction((id: string, from: number, count: number) => {
      if ((current.get(id)?.n ?? 0) !== from) throw new Error('conflict')
      for (let k = 0; k < count; k++) insert.run(ulid(), id, from + k + 1, Date.now(), 'MessagePosted', JSON.stringify(payload(from + k)))
    })
    const plainAppends = (count: number, batch: number): number => {
      const id = nextAggregate()
      for (let i = 0; i < count; i += batch) plainAppend.immediate(id, i, batch)
      return count
    }
    await runSuite({
      title: 'SQLite append, 1 event per append',
      elements: 2000,
      rounds: 5,
      warmup: 1,
      cases: [
        { name: 'plain better-sqlite3 loop', baseline: true, run: () => plainAppends(2000, 1) },
        { name: 'SqliteEventStore.append', run: () => storeAppends(store, 2000, 1) },
      ],
    })
    await runSuite({
      title: 'SQLite append, 100 events per append',
      elements: 20_000,
      rounds: 5,
      warmup: 1,
      cases: [
        { name: 'plain better-sqlite3 loop', baseline: true, run: () => plainAppends(20_000, 100) },
        { name: 'SqliteEventStore.append', run: () => storeAppends(store, 20_000, 100) },
      ],
    })

    // Catch-up: a table of exactly STORED events.
    db.exec('DELETE FROM sluice_events; DELETE FROM sluice_event_tags;')
    const load = db.prepare(
      'INSERT INTO sluice_events (id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)',
    )
    db.transaction(() => {
      const now = Date.now()
      for (let i = 0; i < STORED; i++) load.run(ulid(), `agg-${i % 1000}`, Math.floor(i / 1000) + 1, now, 'MessagePosted', JSON.stringify(payload(i)))
    })()
    const page = db
      .prepare<[number, number], [number, string, string, number, number, string, string, string | null]>(
        'SELECT "offset", id, aggregate_id, sequence_number, occurred_at, type, payload, tags FROM sluice_events WHERE "offset" > ? ORDER BY "offset" LIMIT ?',
      )
      .raw(true)
    const plainCatchUp = (): number => {
      let sum = 0
      let after = 0
      for (;;) {
        const rows = page.all(after, PAGE)
        for (const r of rows) sum += (JSON.parse(r[6]) as Payload).n
        if (rows.length < PAGE) return sum
        after = rows[rows.length - 1]![0]
      }
    }
    await runSuite({
      title: `SQLite catch-up over ${STORED.toLocaleString('en')} stored events (page ${PAGE})`,
      elements: STORED,
      rounds: 3,
      warmup: 1,
      cases: [
        { name: 'plain keyset-paginated SELECT loop', baseline: true, run: plainCatchUp },
        { name: 'SqliteEventStore.allEvents', run: () => storeCatchUp(store) },
      ],
    })
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---- PostgreSQL -----------------------------------------------------------------------------------

async function postgres(url: string): Promise<void> {
  const schema = `sluice_bench_${Date.now()}`
  const store = await PostgresEventStore.connect<Payload>(url, { schema, maxPageSize: PAGE })
  const pool = new pg.Pool({ connectionString: url })
  try {
    // The plain loop writes the same rows (same columns and keys, a sequence for the offset) with the
    // same check, as one prepared statement.
    await pool.query(`CREATE TABLE "${schema}".plain ("offset" bigserial PRIMARY KEY, id text NOT NULL UNIQUE, aggregate_id text NOT NULL,
                      sequence_number bigint NOT NULL, occurred_at timestamptz NOT NULL, type text NOT NULL, payload text NOT NULL, tags text[],
                      slice smallint NOT NULL, UNIQUE (aggregate_id, sequence_number))`)
    const plainSql = `INSERT INTO "${schema}".plain (id, aggregate_id, sequence_number, occurred_at, type, payload, slice)
      SELECT v.id, $1, $2::bigint + v.ord, now(), 'MessagePosted', v.payload, 0
      FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS v(id, payload, ord)
      WHERE (SELECT coalesce(max(sequence_number), 0) FROM "${schema}".plain WHERE aggregate_id = $1) = $2::bigint`
    const plainAppends = async (count: number, batch: number): Promise<number> => {
      const id = nextAggregate()
      for (let i = 0; i < count; i += batch) {
        const ids = Array.from({ length: batch }, () => ulid())
        const payloads = Array.from({ length: batch }, (_, k) => JSON.stringify(payload(i + k)))
        const r = await pool.query({ name: 'plain_append', text: plainSql, values: [id, i, ids, payloads] })
        if (r.rowCount !== batch) throw new Error('conflict')
      }
      return count
    }
    await runSuite({
      title: 'PostgreSQL append, 1 event per append',
      elements: 500,
      rounds: 5,
      warmup: 1,
      cases: [
        { name: 'plain pg loop', baseline: true, run: () => plainAppends(500, 1) },
        { name: 'PostgresEventStore.append', run: () => storeAppends(store, 500, 1) },
      ],
    })
    await runSuite({
      title: 'PostgreSQL append, 100 events per append',
      elements: 10_000,
      rounds: 5,
      warmup: 1,
      cases: [
        { name: 'plain pg loop', baseline: true, run: () => plainAppends(10_000, 100) },
        { name: 'PostgresEventStore.append', run: () => storeAppends(store, 10_000, 100) },
      ],
    })

    // Catch-up: exactly STORED events, loaded in bulk (offsets 1..STORED, all below the horizon).
    await pool.query(`TRUNCATE "${schema}".sluice_events, "${schema}".sluice_event_tags`)
    await pool.query(
      `INSERT INTO "${schema}".sluice_events ("offset", id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice)
       SELECT i, lpad(i::text, 26, '0'), 'agg-' || (i % 1000), i / 1000 + 1, now(), 'MessagePosted',
              json_build_object('n', i - 1, 'content', 'message number ' || (i - 1), 'senderId', 'user-1')::text, NULL, 0
       FROM generate_series(1, $1::int) AS i`,
      [STORED],
    )
    await pool.query(`VACUUM ANALYZE "${schema}".sluice_events`)
    const pageSql = `SELECT e."offset"::text, e.id, e.aggregate_id, e.sequence_number::text, e.occurred_at, e.type, e.payload, e.tags
      FROM "${schema}".sluice_events e WHERE e."offset" > $1 ORDER BY e."offset" LIMIT $2`
    const plainCatchUp = async (): Promise<number> => {
      let sum = 0
      let after = 0
      for (;;) {
        const { rows } = await pool.query<[string, string, string, string, Date, string, string, string[] | null]>({
          name: 'plain_page',
          text: pageSql,
          values: [after, PAGE],
          rowMode: 'array',
        })
        for (const r of rows) sum += (JSON.parse(r[6]) as Payload).n
        if (rows.length < PAGE) return sum
        after = Number(rows[rows.length - 1]![0])
      }
    }
    await runSuite({
      title: `PostgreSQL catch-up over ${STORED.toLocaleString('en')} stored events (page ${PAGE})`,
      elements: STORED,
      rounds: 3,
      warmup: 1,
      cases: [
        { name: 'plain keyset-paginated SELECT loop', baseline: true, run: plainCatchUp },
        { name: 'PostgresEventStore.allEvents', run: () => storeCatchUp(store) },
      ],
    })
  } finally {
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => {})
    await pool.end()
    await store.close()
  }
}

export default async (): Promise<void> => {
  await sqlite()
  const url = process.env.PG_URL ?? process.env.DATABASE_URL
  if (url === undefined) console.log('\n(PostgreSQL suites skipped: set PG_URL, for example with `source .ci/postgres.sh start`)')
  else await postgres(url)
}
