import { type JetStreamManager } from '@nats-io/jetstream'
import { type NatsConnection } from '@nats-io/transport-node'
import type { Redis } from 'ioredis'
import { expect, it } from 'vitest'
import { jetStreamSource, type JetStreamEnvelope } from '../../src/brokers/nats-jetstream/index.js'
import { RedisStreams, type RedisStreamEnvelope } from '../../src/brokers/redis-streams/index.js'
import { Keep } from '../../src/index.js'
import { TestSink } from '../../src/testkit/index.js'
import { createStream, describeNats, fill, nextStream, jetStreamSession } from '../brokers/nats-jetstream/nats.js'
import { describeRedis, nextKey, withClients } from '../brokers/redis-streams/redis.js'
import { testCollectors } from './metricsRecorder.js'

const collector = testCollectors()

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describeRedis('broker metrics: Redis Streams consumer group', (url) => {
  let admin: Redis
  let client: Redis
  withClients(url, (a, c) => {
    admin = a
    client = c
  })

  it('report consumed, pending and acknowledged entries while the consumer runs, and its final totals once after it closed', async () => {
    const stream = nextKey('metrics')
    for (let i = 0; i < 5; i++) await admin.xadd(stream, '*', 'n', String(i))
    const { recorder, collect } = collector()
    const [control, probe] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c1', blockMs: 50 })
      .toMat(TestSink.probe<RedisStreamEnvelope>(), Keep.both)
      .run()
    probe.request(5)
    const got = await probe.expectNextN(5)
    const a = { 'messaging.system': 'redis', 'messaging.destination.name': stream, 'messaging.consumer.group.name': 'g', 'messaging.consumer.name': 'c1' }
    collect()
    expect(recorder.value('sluice.broker.consumed', a)).toBe(5)
    expect(recorder.value('sluice.broker.pending', a)).toBe(5)
    expect(recorder.value('sluice.broker.acked', a)).toBe(0)
    expect(recorder.value('sluice.broker.reads', a)).toBe(control.stats().reads)
    await got[0]!.ack()
    await got[1]!.ack()
    collect()
    expect(recorder.value('sluice.broker.acked', a)).toBe(2)
    expect(recorder.value('sluice.broker.pending', a)).toBe(3)
    for (const m of got.slice(2)) await m.ack()
    control.shutdown()
    await control.closed
    collect()
    expect(recorder.value('sluice.broker.acked', a)).toBe(5)
    expect(recorder.value('sluice.broker.pending', a)).toBe(0)
    collect()
    expect(recorder.value('sluice.broker.consumed', a)).toBeUndefined()
  })
})

describeNats('broker metrics: NATS JetStream pull consumer', (url) => {
  let nc: NatsConnection
  let jsm: JetStreamManager
  const streams = jetStreamSession(url, (c, m) => {
    nc = c
    jsm = m
  })

  it('report consumed and pending (unsettled) messages while the source runs, and its final totals once after it stopped', async () => {
    const { stream, subject } = nextStream()
    streams.push(stream)
    await createStream(jsm, stream, subject)
    await fill(nc, subject, 5)
    const { recorder, collect } = collector()
    const [control, probe] = jetStreamSource({ connection: nc, stream, consumer: 'worker', batch: 4 })
      .toMat(TestSink.probe<JetStreamEnvelope>(), Keep.both)
      .run()
    probe.request(5)
    const got = await probe.expectNextN(5)
    const a = { 'messaging.system': 'nats', 'messaging.destination.name': stream, 'messaging.consumer.group.name': 'worker' }
    collect()
    expect(recorder.value('sluice.broker.consumed', a)).toBe(5)
    expect(recorder.value('sluice.broker.pending', a)).toBe(5)
    expect(recorder.value('sluice.broker.reads', a)).toBe(control.stats().fetches)
    for (const m of got) await m.ack()
    await eventually(() => control.stats().unsettled === 0, 'the acks')
    collect()
    expect(recorder.value('sluice.broker.pending', a)).toBe(0)
    control.shutdown()
    await control.stopped
    collect()
    expect(recorder.value('sluice.broker.consumed', a)).toBe(5)
    collect()
    expect(recorder.value('sluice.broker.consumed', a)).toBeUndefined()
  })
})
