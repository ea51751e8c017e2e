/**
 * NATS JetStream throughput: sluice's connectors against a raw `@nats-io/jetstream` loop doing the
 * same reads and acks (`fetch` of `BATCH` + `ack` per message, acks confirmed by a final flush) and
 * the same publishes (`js.publish` with at most `IN_FLIGHT` PubAcks outstanding).
 *
 * Needs `NATS_URL` (`source .ci/brokers.sh start`). The message count is `NATS_BENCH_MESSAGES`
 * (default 1,000,000; lower it on a small machine). Streams are in memory and deleted at teardown.
 */
import { AckPolicy, jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { Source } from '../../../src/index.js'
import { jetStreamCommitter, jetStreamSink, jetStreamSource } from '../../../src/brokers/nats-jetstream/index.js'
import type { BenchCase } from '../../harness/BenchCase.js'

/** Messages per pass. */
export const MESSAGES = Number(process.env.NATS_BENCH_MESSAGES ?? 1_000_000)
/** Messages per fetch of the raw loop, and sluice's demand window. */
export const BATCH = 100
/** PubAcks outstanding at most, both producers. */
export const IN_FLIGHT = 256
const PAYLOAD = 'x'.repeat(16)

interface Ctx {
  readonly nc: NatsConnection
  readonly jsm: JetStreamManager
  readonly stream: string
  readonly subject: string
}

async function open(kind: string): Promise<Ctx> {
  const nc = await connect({ servers: process.env.NATS_URL! })
  const jsm = await jetstreamManager(nc)
  const stream = `BENCH_${kind}_${process.pid}`
  const subject = `bench.${kind.toLowerCase()}.${process.pid}`
  await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.Memory })
  return { nc, jsm, stream, subject }
}

async function close(ctx: Ctx): Promise<void> {
  await ctx.jsm.streams.delete(ctx.stream).catch(() => {})
  await ctx.nc.close()
}

/** Consume setup: the stream holds MESSAGES messages; each pass reads them through a fresh durable consumer. */
async function filled(): Promise<Ctx> {
  const ctx = await open('CONSUME')
  for (let i = 0; i < MESSAGES; i++) {
    ctx.nc.publish(ctx.subject, PAYLOAD)
    if (i % 10_000 === 9_999) await ctx.nc.flush()
  }
  await ctx.nc.flush()
  while ((await ctx.jsm.streams.info(ctx.stream)).state.messages < MESSAGES) await new Promise((r) => setTimeout(r, 50))
  return ctx
}

async function freshConsumer(ctx: Ctx): Promise<void> {
  await ctx.jsm.consumers.delete(ctx.stream, 'bench').catch(() => {})
  await ctx.jsm.consumers.add(ctx.stream, { durable_name: 'bench', ack_policy: AckPolicy.Explicit, max_ack_pending: 10_000 })
}

const consume = { scenario: 'brokers.nats.consume', title: `JetStream: consume and ack ${MESSAGES} messages of ${PAYLOAD.length} bytes`, requires: ['NATS_URL'], passes: 3 }
const produce = { scenario: 'brokers.nats.produce', title: `JetStream: publish ${MESSAGES} messages of ${PAYLOAD.length} bytes, awaiting PubAcks`, requires: ['NATS_URL'], passes: 3 }

export const cases: BenchCase<Ctx>[] = [
  {
    ...consume,
    library: 'raw @nats-io/jetstream',
    baseline: true,
    setup: filled,
    beforePass: freshConsumer,
    async run(ctx) {
      const consumer = await jetstream(ctx.nc).consumers.get(ctx.stream, 'bench')
      let n = 0
      let checksum = 0
      while (n < MESSAGES) {
        const messages = await consumer.fetch({ max_messages: Math.min(BATCH, MESSAGES - n), expires: 5000 })
        for await (const m of messages) {
          checksum += m.seq
          m.ack()
          n++
        }
      }
      await ctx.nc.flush()
      return checksum
    },
    teardown: close,
  },
  {
    ...consume,
    library: 'sluice',
    setup: filled,
    beforePass: freshConsumer,
    async run(ctx) {
      let checksum = 0
      await jetStreamSource({ connection: ctx.nc, stream: ctx.stream, consumer: 'bench', batch: BATCH, expiresMs: 5000 })
        .take(MESSAGES)
        .map((m) => {
          checksum += m.offset
          return m
        })
        .runWith(jetStreamCommitter())
      return checksum
    },
    teardown: close,
  },
  {
    ...produce,
    library: 'raw @nats-io/jetstream',
    baseline: true,
    setup: () => open('PRODUCE'),
    beforePass: (ctx) => ctx.jsm.streams.purge(ctx.stream).then(() => {}),
    async run(ctx) {
      const js = jetstream(ctx.nc)
      const window = new Set<Promise<unknown>>()
      let published = 0
      for (let i = 0; i < MESSAGES; i++) {
        const p: Promise<unknown> = js.publish(ctx.subject, PAYLOAD).then(() => {
          published++
          window.delete(p)
        })
        window.add(p)
        if (window.size >= IN_FLIGHT) await Promise.race(window)
      }
      await Promise.all(window)
      return published
    },
    teardown: close,
  },
  {
    ...produce,
    library: 'sluice',
    setup: () => open('PRODUCE'),
    beforePass: (ctx) => ctx.jsm.streams.purge(ctx.stream).then(() => {}),
    async run(ctx) {
      const record = { subject: ctx.subject, data: PAYLOAD }
      const summary = await Source.repeat(record).take(MESSAGES).runWith(jetStreamSink({ connection: ctx.nc, maxInFlight: IN_FLIGHT }))
      return summary.published
    },
    teardown: close,
  },
]
