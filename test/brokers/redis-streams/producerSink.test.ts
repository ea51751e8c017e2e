import fc from 'fast-check'
import { Redis, type Command } from 'ioredis'
import { expect, it, vi } from 'vitest'
import { Source } from '../../../src/index.js'
import { RedisStreams } from '../../../src/brokers/redis-streams/index.js'
import { clientNames, describeRedis, eventually, nextKey, withClients } from './redis.js'

describeRedis('RedisStreams.producerSink', (url) => {
  let admin: Redis
  let client: Redis
  withClients(url, (a, c) => {
    admin = a
    client = c
  })

  it('adds every element, in order, with its fields', async () => {
    const stream = nextKey('out')
    await Source.range(1, 500)
      .map((n) => ({ n, text: `message ${n}` }))
      .runWith(RedisStreams.producerSink({ client, stream, encode: (m) => ({ n: m.n, text: m.text }) }))
    const entries = (await admin.xrange(stream, '-', '+')) as [string, string[]][]
    expect(entries.map((e) => e[1])).toEqual(Array.from({ length: 500 }, (_, i) => ['n', String(i + 1), 'text', `message ${i + 1}`]))
  })

  it('never has more than maxInFlight adds unconfirmed (random sizes and bounds)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), async (count, maxInFlight) => {
        const stream = nextKey('inflight')
        let inFlight = 0
        let peak = 0
        const original = Redis.prototype.sendCommand
        const spy = vi.spyOn(Redis.prototype, 'sendCommand').mockImplementation(function (this: Redis, command: Command, s?: unknown) {
          if (command.name.toLowerCase() === 'xadd' && command.args[0] === stream) {
            peak = Math.max(peak, ++inFlight)
            command.promise.then(
              () => inFlight--,
              () => inFlight--,
            )
          }
          return original.call(this, command, s as never)
        })
        try {
          await Source.range(1, count)
            .map((n) => ({ n }))
            .runWith(RedisStreams.producerSink({ client, stream, maxInFlight }))
        } finally {
          spy.mockRestore()
        }
        expect(peak).toBeLessThanOrEqual(maxInFlight)
        expect(peak).toBe(Math.min(count, maxInFlight))
        expect(await admin.xlen(stream)).toBe(count)
        await admin.del(stream)
      }),
      { numRuns: 20 },
    )
  })

  it('trims with MAXLEN ~', async () => {
    const stream = nextKey('trim')
    await Source.range(1, 3000)
      .map((n) => ({ n }))
      .runWith(RedisStreams.producerSink({ client, stream, maxLen: 100 }))
    const length = await admin.xlen(stream)
    expect(length).toBeGreaterThanOrEqual(100)
    expect(length).toBeLessThan(3000)
  })

  it('chooses the stream per element', async () => {
    const a = nextKey('room-a')
    const b = nextKey('room-b')
    await Source.from([{ room: a, t: '1' }, { room: b, t: '2' }, { room: a, t: '3' }]).runWith(
      RedisStreams.producerSink({ client, stream: (m) => m.room, encode: (m) => ({ t: m.t }) }),
    )
    expect(await admin.xlen(a)).toBe(2)
    expect(await admin.xlen(b)).toBe(1)
  })

  it('with its own connection, closes it after completion and after failure', async () => {
    const stream = nextKey('own')
    await Source.range(1, 10)
      .map((n) => ({ n }))
      .runWith(RedisStreams.producerSink({ connection: url, stream }))
    expect(await admin.xlen(stream)).toBe(10)
    await Source.from([{ n: 1 }, {}])
      .runWith(RedisStreams.producerSink({ connection: url, stream }))
      .catch((e: unknown) => expect((e as Error).message).toBe(`producerSink(stream ${JSON.stringify(stream)}): an entry needs at least one field, got none`))
    await eventually(async () => (await clientNames(admin, 'sluice:producer')).length === 0, 3000, 'the producer connections to close')
  })
})
