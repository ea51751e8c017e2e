/**
 * The event store on PostgreSQL against a plain `pg` loop doing the same work (ported from issue
 * 7's benchmark): appends of 1 and of 100 events per call, the plain side as one prepared
 * statement with the same sequence-number check; and a catch-up over every stored event against a
 * keyset-paginated SELECT loop with the same page size. Needs `PG_URL`
 * (`source .ci/postgres.sh start`); each child works in a schema of its own and drops it.
 */
import pg from 'pg'
import { monotonicFactory } from 'ulid'
import type { BenchCase } from '../../harness/BenchCase.js'
import { PostgresEventStore } from '../../../src/eventstore/postgres/index.js'
import { appendAll, PAGE, type Payload, STORED } from './payload.js'

interface Ctx {
  readonly schema: string
  readonly store: PostgresEventStore<Payload>
  readonly pool: pg.Pool
  aggregates: number
}

const ulid = monotonicFactory()
const requires = ['PG_URL']

async function open(): Promise<Ctx> {
  const url = process.env.PG_URL!
  const schema = `sluice_bench_${process.pid}_${Date.now()}`
  const store = await PostgresEventStore.connect<Payload>(url, { schema, maxPageSize: PAGE })
  return { schema, store, pool: new pg.Pool({ connectionString: url }), aggregates: 0 }
}

async function close(context: unknown): Promise<void> {
  const ctx = context as Ctx
  await ctx.pool.query(`DROP SCHEMA "${ctx.schema}" CASCADE`).catch(() => {})
  await ctx.pool.end()
  await ctx.store.close()
}

async function openPlain(): Promise<Ctx> {
  const ctx = await open()
  await ctx.pool.query(`CREATE TABLE "${ctx.schema}".plain ("offset" bigserial PRIMARY KEY, id text NOT NULL UNIQUE, aggregate_id text NOT NULL,
                        sequence_number bigint NOT NULL, occurred_at timestamptz NOT NULL, type text NOT NULL, payload text NOT NULL, tags text[],
                        slice smallint NOT NULL, UNIQUE (aggregate_id, sequence_number))`)
  return ctx
}

function appendCases(count: number, batch: number): BenchCase[] {
  const scenario = `eventstore.postgres.append.${batch}`
  const title = `PostgreSQL: append ${count.toLocaleString('en')} events, ${batch} per append`
  return [
    {
      scenario,
      title,
      library: 'plain pg',
      baseline: true,
      requires,
      setup: openPlain,
      run: (context) => {
        const ctx = context as Ctx
        const sql = `INSERT INTO "${ctx.schema}".plain (id, aggregate_id, sequence_number, occurred_at, type, payload, slice)
          SELECT v.id, $1, $2::bigint + v.ord, now(), 'MessagePosted', v.payload, 0
          FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS v(id, payload, ord)
          WHERE (SELECT coalesce(max(sequence_number), 0) FROM "${ctx.schema}".plain WHERE aggregate_id = $1) = $2::bigint`
        const id = `bench-${++ctx.aggregates}`
        return appendAll(count, batch, async (from, events) => {
          const values = [id, from, events.map(() => ulid()), events.map((p) => JSON.stringify(p))]
          const r = await ctx.pool.query({ name: 'plain_append', text: sql, values })
          if (r.rowCount !== events.length) throw new Error('conflict')
        })
      },
      teardown: close,
    },
    {
      scenario,
      title,
      library: 'sluice',
      requires,
      setup: open,
      run: (context) => {
        const ctx = context as Ctx
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

/** Opens a store holding exactly STORED events, loaded in bulk (offsets 1..STORED, all below the horizon). */
async function loaded(): Promise<Ctx> {
  const ctx = await open()
  await ctx.pool.query(
    `INSERT INTO "${ctx.schema}".sluice_events ("offset", id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice)
     SELECT i, lpad(i::text, 26, '0'), 'agg-' || (i % 1000), i / 1000 + 1, now(), 'MessagePosted',
            json_build_object('n', i - 1, 'content', 'message number ' || (i - 1), 'senderId', 'user-1')::text, NULL, 0
     FROM generate_series(1, $1::int) AS i`,
    [STORED],
  )
  await ctx.pool.query(`VACUUM ANALYZE "${ctx.schema}".sluice_events`)
  return ctx
}

const catchUp = { scenario: 'eventstore.postgres.catch-up', title: `PostgreSQL: catch-up over ${STORED.toLocaleString('en')} stored events (page ${PAGE})` }

export const cases: BenchCase[] = [
  ...appendCases(500, 1),
  ...appendCases(10_000, 100),
  {
    ...catchUp,
    library: 'plain pg',
    baseline: true,
    requires,
    timeoutMs: 180_000,
    setup: loaded,
    run: async (context) => {
      const ctx = context as Ctx
      const text = `SELECT e."offset"::text, e.id, e.aggregate_id, e.sequence_number::text, e.occurred_at, e.type, e.payload, e.tags
        FROM "${ctx.schema}".sluice_events e WHERE e."offset" > $1 ORDER BY e."offset" LIMIT $2`
      let sum = 0
      let after = 0
      for (;;) {
        const { rows } = await ctx.pool.query<[string, string, string, string, Date, string, string, string[] | null]>({
          name: 'plain_page',
          text,
          values: [after, PAGE],
          rowMode: 'array',
        })
        for (const r of rows) sum += (JSON.parse(r[6]) as Payload).n
        if (rows.length < PAGE) return sum
        after = Number(rows[rows.length - 1]![0])
      }
    },
    teardown: close,
  },
  {
    ...catchUp,
    library: 'sluice',
    requires,
    timeoutMs: 180_000,
    setup: loaded,
    run: (context) =>
      (context as Ctx).store
        .allEvents({ maxPageSize: PAGE })
        .take(STORED)
        .runFold(0, (sum, e) => sum + e.payload.n),
    teardown: close,
  },
]
