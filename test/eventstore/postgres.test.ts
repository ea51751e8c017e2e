import { createServer, connect, type Server, type Socket } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Keep, Sink } from '../../src/index.js'
import { EventStoreUnavailableError, OptimisticLockError, type EventEnvelope } from '../../src/eventstore/index.js'
import { PostgresEventStore } from '../../src/eventstore/postgres/index.js'
import { OFFSETS_PER_TRANSACTION, postgresSql } from '../../src/eventstore/postgres/schema.js'
import { TestSink } from '../../src/testkit/index.js'
import { collect, eventStoreContract, eventually, fill, msg, within } from './contract.js'
import { checkServer, dropSchemas, inCi, nextSchema, pgUrl, skipReason } from './pg.js'

if (pgUrl === undefined) {
  if (inCi) {
    describe('PostgresEventStore', () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error('CI is set but PG_URL is not: .ci/run must start a cluster with `source .ci/postgres.sh start`')
      })
    })
  } else {
    console.warn(skipReason)
    describe.skip(`PostgresEventStore (${skipReason})`, () => {
      it('needs PG_URL', () => {})
    })
  }
} else {
  const url = pgUrl
  beforeAll(() => checkServer(url))
  afterAll(() => dropSchemas(url))

  eventStoreContract('PostgresEventStore', {
    create: (options) => PostgresEventStore.connect(url, { ...options, schema: nextSchema(), pollIntervalMs: 20 }),
    propertyRuns: 25,
    stallAfter: 20_000,
  })

  describe('PostgresEventStore', () => {
    it('encodes the writing transaction in the offset', async () => {
      const store = await PostgresEventStore.connect(url, { schema: nextSchema() })
      try {
        const [a, b] = await store.append('room-1', [msg(1), msg(2)], { expectedSequenceNumber: 0 })
        expect(b!.offset).toBe(a!.offset + 1)
        expect(a!.offset % OFFSETS_PER_TRANSACTION).toBe(0)
        const [c] = await store.append('room-1', [msg(3)], { expectedSequenceNumber: 2 })
        expect(c!.offset).toBeGreaterThanOrEqual(a!.offset + OFFSETS_PER_TRANSACTION)
      } finally {
        await store.close()
      }
    })

    it('never skips an event: concurrent writers with random commit delays, every committed event seen once, in offset order', async () => {
      const schema = nextSchema()
      const store = await PostgresEventStore.connect(url, { schema, pollIntervalMs: 10 })
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      try {
        // Every append sleeps 0-15 ms after inserting, before it commits: offsets are taken in one
        // order and committed in another.
        await admin.query(`
          CREATE FUNCTION "${schema}".delay_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(random() * 0.015); RETURN NULL; END $$;
          CREATE TRIGGER delay_commit AFTER INSERT ON "${schema}".sluice_events
            FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".delay_commit();`)
        const committed: EventEnvelope[] = []
        const resolvedAt = new Map<number, number>()
        let clock = 0
        const [control, all] = store.allEvents().toMat(Sink.collect(), Keep.both).run()
        const [pagedControl, paged] = store.allEvents({ maxPageSize: 2 }).toMat(Sink.collect(), Keep.both).run()
        await within(control.caughtUp, 5000, 'caughtUp')
        const rooms = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']
        let conflicts = 0
        await Promise.all(
          Array.from({ length: 10 }, async (_, w) => {
            for (let i = 0; i < 15; i++) {
              const room = rooms[(w * 7 + i) % rooms.length]!
              for (;;) {
                const at = (await store.eventsById(room).runFold(0, (n, e) => Math.max(n, e.sequenceNumber)))
                const count = 1 + ((w + i) % 3)
                try {
                  const events = await store.append(room, Array.from({ length: count }, (_, k) => msg(w * 1000 + i * 10 + k)), { expectedSequenceNumber: at })
                  committed.push(...events)
                  for (const e of events) resolvedAt.set(e.offset, ++clock)
                  break
                } catch (e) {
                  if (!(e instanceof OptimisticLockError)) throw e
                  conflicts++
                }
              }
            }
          }),
        )
        await eventually(() => control.offset() === Math.max(...committed.map((e) => e.offset)), 10_000, 'the subscriber to see the last event')
        control.shutdown()
        const seen = await within(all, 5000, 'completion')
        const expected = committed.map((e) => e.offset).sort((a, b) => a - b)
        expect(seen.map((e) => e.offset)).toEqual(expected)
        expect(new Set(seen.map((e) => e.id)).size).toBe(committed.length)
        // The test exercised the gap problem: some event resolved before one with a smaller offset.
        const order = expected.map((o) => resolvedAt.get(o)!)
        expect(order.some((t, i) => i > 0 && t < order[i - 1]!)).toBe(true)
        expect(conflicts).toBeGreaterThan(0)
        // A second subscriber, reading two events at a time, saw the same.
        await eventually(() => pagedControl.offset() === expected[expected.length - 1], 10_000, 'the paged subscriber')
        pagedControl.shutdown()
        expect((await within(paged, 5000, 'completion')).map((e) => e.offset)).toEqual(expected)
      } finally {
        await admin.end()
        await store.close()
      }
    })

    it('holds back an event while an older transaction runs, and emits a late commit first, in offset order', async () => {
      const schema = nextSchema()
      const store = await PostgresEventStore.connect(url, { schema, pollIntervalMs: 10 })
      const older = new pg.Client({ connectionString: url })
      await older.connect()
      try {
        const probe = store.allEvents().runWith(TestSink.probe<EventEnvelope>({ timeoutMs: 5000 }))
        probe.request(10)
        await older.query('BEGIN')
        await older.query('SELECT pg_current_xact_id()')
        const [younger] = await store.append('room-2', [msg(2)], { expectedSequenceNumber: 0 })
        // Committed and readable by aggregate, but not yet by subscriptions.
        expect((await store.eventsById('room-2').runCollect()).map((e) => e.id)).toEqual([younger!.id])
        await probe.expectNoMessage(100)
        // The older transaction now appends (offset below the younger's) and commits.
        const sql = postgresSql(schema, 'sluice_')
        const id = '01J0000000000000000000000A'
        const result = await older.query<{ offsets: string[] }>(sql.append, [
          'room-1', 0, 0, [id], [new Date()], ['MessagePosted'], ['{"n":1}'], [null], [], [], null, new Date(),
        ])
        const olderOffset = Number(result.rows[0]!.offsets[0])
        expect(olderOffset).toBeLessThan(younger!.offset)
        await older.query('COMMIT')
        const [first, second] = await probe.expectNextN(2)
        expect([first!.id, second!.id]).toEqual([id, younger!.id])
        probe.cancel()
      } finally {
        await older.end()
        await store.close()
      }
    })

    it('releases its connections when subscriptions stop', async () => {
      const store = await PostgresEventStore.connect(url, { schema: nextSchema(), pollIntervalMs: 10 })
      try {
        await fill(store, 'room-1', 5)
        const [control, done] = collect(store.allEvents(), 7)
        await within(control.caughtUp, 5000, 'caughtUp')
        await eventually(() => store.pool.totalCount - store.pool.idleCount === 1, 2000, 'the listening connection')
        await fill(store, 'room-1', 2, 2, 5)
        await within(done, 5000, 'live events')
        await eventually(() => store.pool.totalCount === store.pool.idleCount && store.subscriptionCount === 0, 2000, 'every connection back in the pool')
      } finally {
        await store.close()
      }
    })

    describe('when the server goes away', () => {
      let pgPort = 0
      let pgHost = ''
      beforeAll(() => {
        const parsed = new URL(url)
        pgHost = parsed.hostname
        pgPort = Number(parsed.port || 5432)
      })

      /** A TCP proxy to the server that can be cut and restored. */
      async function proxy(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
        const sockets = new Set<Socket>()
        let server: Server
        let port = 0
        const listen = (): Promise<void> =>
          new Promise((resolve) => {
            server = createServer((client) => {
              const upstream = connect(pgPort, pgHost)
              sockets.add(client).add(upstream)
              client.pipe(upstream).pipe(client)
              const close = (): void => {
                client.destroy()
                upstream.destroy()
              }
              client.on('error', close).on('close', close)
              upstream.on('error', close).on('close', close)
            })
            server.listen(port, '127.0.0.1', () => {
              port = (server.address() as { port: number }).port
              resolve()
            })
          })
        await listen()
        const target = new URL(url)
        target.hostname = '127.0.0.1'
        target.port = String(port)
        return {
          url: target.toString(),
          cut: () =>
            new Promise<void>((resolve) => {
              for (const s of sockets) s.destroy()
              sockets.clear()
              server.close(() => resolve())
            }),
          restore: listen,
        }
      }

      it('fails a subscription with EventStoreUnavailableError, and an append the same way', async () => {
        const schema = nextSchema()
        const link = await proxy()
        const store = await PostgresEventStore.connect({ connectionString: link.url, connectionTimeoutMillis: 1000 }, { schema, pollIntervalMs: 10 })
        try {
          await fill(store, 'room-1', 3)
          const [control, done] = store.allEvents().toMat(Sink.collect(), Keep.both).run()
          await within(control.caughtUp, 5000, 'caughtUp')
          await link.cut()
          const error = await within(done, 5000, 'failure').catch((e: unknown) => e)
          expect(error).toBeInstanceOf(EventStoreUnavailableError)
          expect(String(error)).toMatch(/allEvents: PostgreSQL is unavailable/)
          await expect(store.append('room-1', [msg(4)], { expectedSequenceNumber: 3 })).rejects.toThrow(EventStoreUnavailableError)
        } finally {
          await store.close()
        }
      })

      it('retries with backoff when asked, and resumes without losing or repeating an event', async () => {
        const schema = nextSchema()
        const link = await proxy()
        const direct = await PostgresEventStore.connect(url, { schema })
        const store = await PostgresEventStore.connect({ connectionString: link.url, connectionTimeoutMillis: 1000 }, { schema, pollIntervalMs: 10 })
        try {
          const before = await fill(direct, 'room-1', 5)
          const [control, done] = collect(store.allEvents({ retry: { minBackoffMs: 5, maxBackoffMs: 40 } }), 12)
          await within(control.caughtUp, 5000, 'caughtUp')
          await link.cut()
          const during = await fill(direct, 'room-1', 4, 2, 5)
          await new Promise((r) => setTimeout(r, 100))
          await link.restore()
          const after = await fill(direct, 'room-2', 3)
          const seen = await within(done, 10_000, 'every event after the outage')
          expect(seen.map((e) => e.id)).toEqual([...before, ...during, ...after].map((e) => e.id))
        } finally {
          await store.close()
          await direct.close()
        }
      })
    })
  })
}
