/**
 * Projections against Emmett (@event-driven-io/emmett-postgresql 0.42), on PostgreSQL: the same
 * read model (per aggregate: a count and the last value) built from the same events, here 20,000
 * (`SLUICE_BENCH_EMMETT_EVENTS`), by
 * - the plain loop and sluice exactly-once / at-least-once, on sluice's event store (the cases of
 *   `projectionCases.ts` at this count), and
 * - Emmett: its event store (`emt_*` tables, appended once with `appendToStream`) and its async
 *   projector (`postgreSQLEventStoreConsumer` + `postgreSQLRawBatchSQLProjection`, batch size 1,000,
 *   `stopWhen: { noMessagesLeft: true }`), as Emmett's documentation sets one up.
 *
 * Why fewer events than the 1M runs: Emmett's projector hands the projection one event at a time,
 * each with its own transaction and checkpoint (measured here: a few milliseconds per event), so a
 * million events would take over an hour per pass. Same events, same read model, same database.
 */
import { SQL } from '@event-driven-io/dumbo'
import { getPostgreSQLEventStore, postgreSQLEventStoreConsumer, postgreSQLRawBatchSQLProjection } from '@event-driven-io/emmett-postgresql'
import pg from 'pg'
import type { BenchCase } from '../../harness/BenchCase.js'
import { projectionCases } from './projectionCases.js'

const EVENTS = Number(process.env.SLUICE_BENCH_EMMETT_EVENTS ?? 20_000)
const AGGREGATES = 1000
const TABLE = 'emmett_bench_rm'

interface EmmettEvent {
  type: 'E'
  data: { n: number }
  metadata: { streamName: string }
}

interface Ctx {
  pool: pg.Pool
  url: string
  runs: number
}

const emmett: BenchCase<Ctx> = {
  scenario: 'projection-vs-emmett.postgres',
  title: `PostgreSQL: ${EVENTS.toLocaleString('en')} events -> read model (count + last per aggregate), with Emmett`,
  library: 'emmett',
  passes: 3,
  requires: ['PG_URL'],
  async setup() {
    const url = process.env.PG_URL!
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    const store = getPostgreSQLEventStore(url)
    // seed once: the streams agg-0..agg-999 with the same events as sluice's store gets
    const seeded = await pool
      .query(`SELECT count(*)::int AS n FROM emt_messages WHERE stream_id LIKE 'emmett-bench-${EVENTS}-%'`)
      .then((r) => (r.rows[0] as { n: number }).n)
      .catch(() => 0)
    if (seeded !== EVENTS) {
      for (let a = 0; a < AGGREGATES; a++) {
        const events: { type: 'E'; data: { n: number } }[] = []
        for (let n = a; n < EVENTS; n += AGGREGATES) events.push({ type: 'E', data: { n } })
        if (events.length > 0) await store.appendToStream(`emmett-bench-${EVENTS}-${a}`, events)
      }
    }
    await store.close()
    await pool.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (aggregate_id TEXT PRIMARY KEY, count INTEGER NOT NULL, last INTEGER NOT NULL)`)
    return { pool, url, runs: 0 }
  },
  async beforePass(ctx) {
    await ctx.pool.query(`TRUNCATE ${TABLE}`)
  },
  async run(ctx) {
    // a new processor id per pass: it starts from the beginning with no checkpoint
    const consumer = postgreSQLEventStoreConsumer({ connectionString: ctx.url, stopWhen: { noMessagesLeft: true }, pulling: { batchSize: 1000 } })
    consumer.projector<EmmettEvent>({
      processorId: `sluice-bench-${process.pid}-${++ctx.runs}`,
      startFrom: 'BEGINNING',
      projection: postgreSQLRawBatchSQLProjection<EmmettEvent>({
        name: 'bench-rm',
        canHandle: ['E'],
        evolve: (events) => {
          const count = new Map<string, number>()
          const last = new Map<string, number>()
          for (const e of events) {
            const id = e.metadata.streamName.slice(e.metadata.streamName.lastIndexOf('-') + 1)
            if (!e.metadata.streamName.startsWith(`emmett-bench-${EVENTS}-`)) continue
            count.set(id, (count.get(id) ?? 0) + 1)
            last.set(id, e.data.n)
          }
          return [...count.keys()].map(
            (k) =>
              SQL`INSERT INTO emmett_bench_rm (aggregate_id, count, last) VALUES (${`agg-${k}`}, ${count.get(k)}, ${last.get(k)})
                  ON CONFLICT (aggregate_id) DO UPDATE SET count = emmett_bench_rm.count + excluded.count, last = excluded.last`,
          )
        },
      }),
    })
    await consumer.start()
    await consumer.close()
    const { rows } = await ctx.pool.query(`SELECT (sum(count) + sum(last))::bigint AS s FROM ${TABLE}`)
    return Number((rows[0] as { s: string }).s)
  },
  async teardown(ctx) {
    await ctx.pool.end()
  },
}

export const cases: BenchCase[] = [
  ...projectionCases(EVENTS, 'sluice_bench_projection_emmett', 'projection-vs-emmett', 'postgres'),
  emmett as BenchCase,
]
