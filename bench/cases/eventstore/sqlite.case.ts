/**
 * The event store on SQLite against a plain better-sqlite3 loop doing the same work (ported from
 * issue 7's benchmark): appends of 1 and of 100 events per call (a transaction each, with the same
 * sequence-number check), and a catch-up over every stored event against a keyset-paginated
 * SELECT loop with the same page size that decodes the same payloads. Both sides open the database
 * through `SqliteEventStore.open` (WAL, synchronous=NORMAL), so they share one configuration.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monotonicFactory } from 'ulid'
import type { BenchCase } from '../../harness/BenchCase.js'
import { SqliteEventStore } from '../../../src/eventstore/sqlite/index.js'
import { appendAll, PAGE, type Payload, payload, STORED } from './payload.js'

interface Ctx {
  readonly dir: string
  readonly store: SqliteEventStore<Payload>
  aggregates: number
}

// The store makes its ids with a monotonic factory; a plain `ulid()` call is much slower.
const ulid = monotonicFactory()

function open(): Ctx {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-sqlite-'))
  return { dir, store: SqliteEventStore.open<Payload>(join(dir, 'store.db'), { synchronous: 'normal', maxPageSize: PAGE }), aggregates: 0 }
}

async function close(ctx: Ctx): Promise<void> {
  await ctx.store.close()
  rmSync(ctx.dir, { recursive: true, force: true })
}

/** The plain loop's table: the store's columns, keys and check, in a table of its own. */
function plainAppender(ctx: Ctx): (id: string, from: number, events: Payload[]) => void {
  const db = ctx.store.db
  db.exec(`CREATE TABLE IF NOT EXISTS plain ("offset" INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, aggregate_id TEXT NOT NULL,
           sequence_number INTEGER NOT NULL, occurred_at INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, tags TEXT,
           slice INTEGER NOT NULL, UNIQUE (aggregate_id, sequence_number))`)
  const current = db.prepare<[string], { n: number | null }>('SELECT max(sequence_number) AS n FROM plain WHERE aggregate_id = ?')
  const insert = db.prepare('INSERT INTO plain (id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)')
  const append = db.transaction((id: string, from: number, events: Payload[]) => {
    if ((current.get(id)?.n ?? 0) !== from) throw new Error('conflict')
    events.forEach((p, k) => insert.run(ulid(), id, from + k + 1, Date.now(), 'MessagePosted', JSON.stringify(p)))
  })
  return (id, from, events) => append.immediate(id, from, events)
}

type AppendCtx = Ctx & { readonly plain: (id: string, from: number, events: Payload[]) => void }

function appendCases(count: number, batch: number): BenchCase<AppendCtx>[] {
  const scenario = `eventstore.sqlite.append.${batch}`
  const title = `SQLite: append ${count.toLocaleString('en')} events, ${batch} per append`
  return [
    {
      scenario,
      title,
      library: 'plain better-sqlite3',
      baseline: true,
      setup: () => {
        const ctx = open()
        return { ...ctx, plain: plainAppender(ctx) }
      },
      run: (ctx) => {
        const id = `bench-${++ctx.aggregates}`
        return appendAll(count, batch, (from, events) => ctx.plain(id, from, events))
      },
      teardown: close,
    },
    {
      scenario,
      title,
      library: 'sluice',
      setup: () => ({ ...open(), plain: () => {} }),
      run: (ctx) => {
        const id = `bench-${++ctx.aggregates}`
        return appendAll(count, batch, async (from, events) => {
          await ctx.store.append(
            id,
            events.map((p) => ({ type: 'MessagePosted', payload: p })),
            { expectedSequenceNumber: from },
          )
        })
      },
      teardown: close,
    },
  ]
}

/** Opens a store holding exactly STORED events. */
function loaded(): Ctx {
  const ctx = open()
  const db = ctx.store.db
  const load = db.prepare(
    'INSERT INTO sluice_events (id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice) VALUES (?, ?, ?, ?, ?, ?, NULL, 0)',
  )
  db.transaction(() => {
    const now = Date.now()
    for (let i = 0; i < STORED; i++) load.run(ulid(), `agg-${i % 1000}`, Math.floor(i / 1000) + 1, now, 'MessagePosted', JSON.stringify(payload(i)))
  })()
  return ctx
}

const catchUp = { scenario: 'eventstore.sqlite.catch-up', title: `SQLite: catch-up over ${STORED.toLocaleString('en')} stored events (page ${PAGE})` }

export const cases: BenchCase[] = [
  ...(appendCases(2000, 1) as BenchCase[]),
  ...(appendCases(20_000, 100) as BenchCase[]),
  {
    ...catchUp,
    library: 'plain better-sqlite3',
    baseline: true,
    timeoutMs: 180_000,
    setup: loaded,
    run: (context) => {
      const page = (context as Ctx).store.db
        .prepare<[number, number], [number, string, string, number, number, string, string, string | null]>(
          'SELECT "offset", id, aggregate_id, sequence_number, occurred_at, type, payload, tags FROM sluice_events WHERE "offset" > ? ORDER BY "offset" LIMIT ?',
        )
        .raw(true)
      let sum = 0
      let after = 0
      for (;;) {
        const rows = page.all(after, PAGE)
        for (const r of rows) sum += (JSON.parse(r[6]) as Payload).n
        if (rows.length < PAGE) return sum
        after = rows[rows.length - 1]![0]
      }
    },
    teardown: (context) => close(context as Ctx),
  },
  {
    ...catchUp,
    library: 'sluice',
    timeoutMs: 180_000,
    setup: loaded,
    run: (context) =>
      (context as Ctx).store
        .allEvents({ maxPageSize: PAGE })
        .take(STORED)
        .runFold(0, (sum, e) => sum + e.payload.n),
    teardown: (context) => close(context as Ctx),
  },
]
