import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import {
  MalformedEntryError,
  MessageTooLargeError,
  RedisAuthError,
  RedisConnectionError,
  RedisStreams,
  RedisStreamsError,
} from '../../../src/brokers/redis-streams/index.js'
import { adminClient, clientNames, describeRedis, eventually, freePort, nextKey, privateRedis, type PrivateRedis } from './redis.js'

function pendingCount(admin: Redis, stream: string): Promise<number> {
  return admin.xpending(stream, 'g').then((r) => Number((r as unknown[])[0]))
}

it('rejects bad arguments at build time, naming the call and the argument', () => {
  const client = { duplicate: () => client } as unknown as Redis
  expect(() => RedisStreams.consumerGroupSource({ stream: 's', group: 'g', consumer: 'c' })).toThrow(
    new TypeError('consumerGroupSource(options): expected exactly one of client and connection'),
  )
  expect(() => RedisStreams.consumerGroupSource({ client, connection: 'redis://x', stream: 's', group: 'g', consumer: 'c' })).toThrow(
    'consumerGroupSource(options): expected exactly one of client and connection',
  )
  expect(() => RedisStreams.consumerGroupSource({ client, stream: '', group: 'g', consumer: 'c' })).toThrow('consumerGroupSource(stream): expected a non-empty string, got ""')
  expect(() => RedisStreams.consumerGroupSource({ client, stream: 's', group: 'g', consumer: 'c', maxBatch: 0 })).toThrow(
    new RangeError('consumerGroupSource(maxBatch): expected a positive integer, got 0'),
  )
  expect(() => RedisStreams.consumerGroupSource({ client, stream: 's', group: 'g', consumer: 'c', claim: { minIdleMs: -1 } })).toThrow(
    'consumerGroupSource(claim.minIdleMs): expected a non-negative integer, got -1',
  )
  expect(() => RedisStreams.consumerGroupPublisher({ client, stream: ['a', 'a'], group: 'g', consumer: 'c' })).toThrow('consumerGroupPublisher(stream): a stream is listed twice')
  expect(() => RedisStreams.producerSink({ client, stream: 's', maxInFlight: 0 })).toThrow('producerSink(maxInFlight): expected a positive integer, got 0')
  expect(() => RedisStreams.committerSink({ maxBatch: -1 })).toThrow('committerFlow(maxBatch): expected a positive integer, got -1')
})

describeRedis('RedisStreams: typed errors', (url) => {
  let admin: Redis
  let client: Redis
  let secured: PrivateRedis
  beforeAll(async () => {
    admin = await adminClient(url)
    client = new Redis(url)
    secured = await privateRedis(['--requirepass', 'right-password'])
  })
  afterAll(async () => {
    await client.quit()
    await admin.quit()
    await secured.close()
  })

  it('connection refused at start: RedisConnectionError naming the stream (own connection and a client)', async () => {
    const port = await freePort()
    const own = await RedisStreams.consumerGroupSource({ connection: `redis://127.0.0.1:${port}`, stream: 'orders', group: 'g', consumer: 'c' })
      .runWith(Sink.ignore())
      .catch((e: unknown) => e)
    expect(own).toBeInstanceOf(RedisConnectionError)
    expect((own as RedisConnectionError).stream).toBe('orders')
    expect((own as Error).message).toMatch(/^consumerGroupSource\(stream "orders"\): cannot connect to Redis: .*ECONNREFUSED/)

    const dead = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
    dead.on('error', () => {})
    const viaClient = await RedisStreams.consumerGroupSource({ client: dead, stream: 'orders', group: 'g', consumer: 'c' })
      .runWith(Sink.ignore())
      .catch((e: unknown) => e)
    expect(viaClient).toBeInstanceOf(RedisConnectionError)
    dead.disconnect()

    const producer = await Source.single({ a: '1' })
      .runWith(RedisStreams.producerSink({ connection: `redis://127.0.0.1:${port}`, stream: 'orders' }))
      .catch((e: unknown) => e)
    expect(producer).toBeInstanceOf(RedisConnectionError)
    expect((producer as Error).message).toMatch(/^producerSink\(stream "orders"\): cannot connect/)
  })

  it('auth failure: RedisAuthError naming the stream, for a wrong password and for none', async () => {
    for (const connection of [{ port: secured.port, host: '127.0.0.1', password: 'wrong' }, { port: secured.port, host: '127.0.0.1' }]) {
      const error = await RedisStreams.consumerGroupSource({ connection, stream: 'orders', group: 'g', consumer: 'c' })
        .runWith(Sink.ignore())
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RedisAuthError)
      expect((error as Error).message).toMatch(/^consumerGroupSource\(stream "orders"\): Redis refused the credentials: (WRONGPASS|NOAUTH)/)
    }
    const ok = await RedisStreams.consumerGroupSource({ connection: { port: secured.port, host: '127.0.0.1', password: 'right-password' }, stream: 'orders', group: 'g', consumer: 'c', blockMs: 10 })
      .takeWithin(100)
      .runWith(Sink.ignore())
    expect(ok).toBeUndefined()
  })

  it('a malformed entry fails the source with MalformedEntryError; it stays pending, what came before is acknowledged', async () => {
    const stream = nextKey('malformed')
    await admin.xadd(stream, '*', 'json', '{"n":1}')
    await admin.xadd(stream, '*', 'json', '{"n":2}')
    const badId = await admin.xadd(stream, '*', 'json', '{not json')
    await admin.xadd(stream, '*', 'json', '{"n":4}')
    const processed: number[] = []
    const error = await RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', decode: (f) => JSON.parse(f.json!) as { n: number } })
      .mapAsync(1, async (m) => {
        processed.push(m.payload.n)
        await m.ack()
        return m
      })
      .runWith(Sink.ignore())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MalformedEntryError)
    expect((error as MalformedEntryError).id).toBe(badId)
    expect((error as Error).message).toContain(`consumerGroupSource(stream ${JSON.stringify(stream)}): entry ${badId} is malformed:`)
    expect(processed).toEqual([1, 2])
    const pending = (await admin.xpending(stream, 'g', '-', '+', 10)) as [string][]
    expect(pending.map((p) => p[0])).toContain(badId)
  })

  it('an oversized entry fails the source with MessageTooLargeError and is not acknowledged', async () => {
    const stream = nextKey('big')
    await admin.xadd(stream, '*', 'body', 'x'.repeat(2000))
    const error = await RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', maxMessageBytes: 1000 })
      .runWith(RedisStreams.committerSink())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MessageTooLargeError)
    expect((error as Error).message).toMatch(/entry \d+-\d+ of 2004 bytes exceeds maxMessageBytes \(1000\)$/)
    expect(await pendingCount(admin, stream)).toBe(1)
  })

  it('an oversized message fails the producer with MessageTooLargeError and is not sent', async () => {
    const stream = nextKey('big-out')
    const error = await Source.from([{ body: 'small' }, { body: 'x'.repeat(5000) }, { body: 'after' }])
      .runWith(RedisStreams.producerSink({ client, stream, maxMessageBytes: 1024 }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MessageTooLargeError)
    expect((error as Error).message).toBe(`producerSink(stream ${JSON.stringify(stream)}): a message of 5004 bytes exceeds maxMessageBytes (1024)`)
    await eventually(async () => (await admin.xlen(stream)) === 1, 2000, 'the first add')
    expect(((await admin.xrange(stream, '-', '+')) as [string, string[]][]).map((e) => e[1][1])).toEqual(['small'])
  })

  it('a command error (wrong type of key) is a RedisStreamsError naming the stream', async () => {
    const key = nextKey('string')
    await admin.set(key, 'not a stream')
    const error = await RedisStreams.consumerGroupSource({ client, stream: key, group: 'g', consumer: 'c' })
      .runWith(Sink.ignore())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RedisStreamsError)
    expect((error as Error).message).toContain(`consumerGroupSource(stream ${JSON.stringify(key)}): WRONGTYPE`)
    const out = await Source.single({ a: '1' })
      .runWith(RedisStreams.producerSink({ client, stream: key }))
      .catch((e: unknown) => e)
    expect(out).toBeInstanceOf(RedisStreamsError)
    expect((out as Error).message).toContain(`producerSink(stream ${JSON.stringify(key)}): WRONGTYPE`)
  })

  it('closes its connections after a failure at start', async () => {
    const key = nextKey('string2')
    await admin.set(key, 'x')
    const [control, done] = RedisStreams.consumerGroupSource({ connection: url, stream: key, group: 'failing-start', consumer: 'c' })
      .toMat(Sink.ignore(), Keep.both)
      .run()
    await done.catch(() => {})
    await control.closed
    await eventually(async () => (await clientNames(admin, 'sluice:failing-start:')).length === 0, 3000, 'connections closed')
  })
})
