import type { Redis } from 'ioredis'
import { expect, it } from 'vitest'
import { Keep, Sink } from '../../../src/index.js'
import { RedisStreams } from '../../../src/brokers/redis-streams/index.js'
import { describeRedis, eventually, nextKey, withClients } from './redis.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function fill(admin: Redis, stream: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await admin.xadd(stream, '*', 'n', String(i))
}

function pendingCount(admin: Redis, stream: string, group = 'g'): Promise<number> {
  return admin.xpending(stream, group).then((r) => Number((r as unknown[])[0]))
}

describeRedis('RedisStreams: recovery with XAUTOCLAIM and dead letters', (url) => {
  let admin: Redis
  let client: Redis
  withClients(url, (a, c) => {
    admin = a
    client = c
  })

  it("takes over a dead consumer's pending entries once they were idle for claim.minIdleMs", async () => {
    const stream = nextKey('claim')
    await fill(admin, stream, 5)
    await admin.xgroup('CREATE', stream, 'g', '0')
    await admin.xreadgroup('GROUP', 'g', 'dead', 'COUNT', 5, 'STREAMS', stream, '>') // then the process died
    const started = Date.now()
    const [control, got] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'alive', blockMs: 50, claim: { minIdleMs: 300, intervalMs: 50 } })
      .take(5)
      .mapAsync(1, async (m) => {
        await m.ack()
        return [m.fields.n, m.deliveryCount, m.consumer] as const
      })
      .toMat(Sink.collect(), Keep.both)
      .run()
    expect(await got).toEqual([1, 2, 3, 4, 5].map((n) => [String(n), 2, 'alive']))
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(control.stats().claimed).toBe(5)
    expect(await pendingCount(admin, stream)).toBe(0)
  })

  it('leaves entries idle for less than claim.minIdleMs alone', async () => {
    const stream = nextKey('claim-young')
    await fill(admin, stream, 3)
    await admin.xgroup('CREATE', stream, 'g', '0')
    await admin.xreadgroup('GROUP', 'g', 'busy', 'COUNT', 3, 'STREAMS', stream, '>')
    const [control, done] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'other', blockMs: 20, claim: { minIdleMs: 10_000, intervalMs: 20 } })
      .toMat(Sink.ignore(), Keep.both)
      .run()
    await sleep(400)
    expect(control.stats().claimed).toBe(0)
    expect(control.stats().reads).toBeGreaterThan(3) // it did look
    const rows = (await admin.xpending(stream, 'g', '-', '+', 10)) as [string, string][]
    expect(rows.map((r) => r[1])).toEqual(['busy', 'busy', 'busy'])
    control.shutdown()
    await done
  })

  it("keeps the entries a live consumer holds from being claimed (keepAliveMs); without it they are taken over", async () => {
    for (const keepAliveMs of [undefined, false] as const) {
      const stream = nextKey(`keepalive-${String(keepAliveMs)}`)
      await fill(admin, stream, 10)
      let release!: () => void
      const gate = new Promise<void>((r) => (release = r))
      const [holder, held] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'holder', bufferSize: 10, blockMs: 20, claim: { minIdleMs: 400, intervalMs: 10_000 }, ...(keepAliveMs === undefined ? {} : { keepAliveMs }) })
        .mapAsync(1, async (m) => {
          await gate // a slow pipeline: everything read waits here
          return m
        })
        .toMat(RedisStreams.committerSink({ maxInterval: '5ms' }), Keep.both)
        .run()
      await eventually(() => holder.stats().emitted === 10, 3000, 'the holder to read everything')
      const [thief, stolen] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'thief', blockMs: 20, claim: { minIdleMs: 400, intervalMs: 30 }, keepAliveMs: false })
        .toMat(Sink.collect(), Keep.both)
        .run()
      await sleep(1000)
      const claimed = thief.stats().claimed
      thief.shutdown()
      release()
      holder.shutdown()
      await held
      const got = await stolen
      if (keepAliveMs === undefined) {
        expect(claimed).toBe(0)
        expect(got).toEqual([])
      } else {
        expect(claimed).toBe(10)
        expect(got.map((m) => m.deliveryCount)).toEqual(Array.from({ length: 10 }, () => 2))
      }
    }
  })

  it('after maxDeliveries an entry goes to the dead-letter stream with the error recorded by nack, and is acknowledged', async () => {
    const stream = nextKey('poison')
    await admin.xadd(stream, '*', 'n', 'poison')
    await admin.xadd(stream, '*', 'n', 'fine')
    const seen: number[] = []
    const [control, done] = RedisStreams.consumerGroupSource({
      client, stream, group: 'g', consumer: 'c', blockMs: 20, claim: { minIdleMs: 30, intervalMs: 20 }, maxDeliveries: 3,
    })
      .mapAsync(1, async (m) => {
        if (m.fields.n === 'poison') {
          seen.push(m.deliveryCount)
          m.nack(new TypeError(`cannot handle ${m.fields.n}`))
          return null // not passed on: never acknowledged
        }
        return m
      })
      .toMat(RedisStreams.committerSink({ maxInterval: '5ms' }), Keep.both)
      .run()
    await eventually(() => control.stats().deadLettered === 1, 5000, 'the dead letter')
    expect(seen).toEqual([1, 2, 3])
    const dead = (await admin.xrange(`${stream}:dead-letter`, '-', '+')) as [string, string[]][]
    expect(dead).toHaveLength(1)
    const fields = Object.fromEntries(dead[0]![1].flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1]]] : [])))
    expect(fields).toMatchObject({ stream, group: 'g', consumer: 'c', deliveries: '4', error: 'TypeError: cannot handle poison', fields: '{"n":"poison"}' })
    await eventually(async () => (await pendingCount(admin, stream)) === 0, 3000, 'nothing pending')
    control.shutdown()
    await done
  })

  it('an entry over maxDeliveries that is pending at start (a crash loop) is dead-lettered, not emitted', async () => {
    const stream = nextKey('crashloop')
    await fill(admin, stream, 2)
    await admin.xgroup('CREATE', stream, 'g', '0')
    await admin.xreadgroup('GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', stream, '>')
    await admin.xreadgroup('GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', stream, '0') // delivered twice: crashed twice
    const [control, got] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', blockMs: 20, maxDeliveries: 2, deadLetterStream: `${stream}:dlq` })
      .take(1)
      .toMat(Sink.collect(), Keep.both)
      .run()
    const [m] = await got
    expect(m!.fields.n).toBe('2')
    expect(control.stats().deadLettered).toBe(1)
    const dead = (await admin.xrange(`${stream}:dlq`, '-', '+')) as [string, string[]][]
    expect(dead[0]![1]).toContain('delivered 3 times (maxDeliveries 2) without acknowledgement')
  })

  it('deadLetter(error) moves one entry to the dead-letter stream and acknowledges it', async () => {
    const stream = nextKey('dl')
    await fill(admin, stream, 1)
    await RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c' })
      .take(1)
      .mapAsync(1, async (m) => {
        await m.deadLetter(new Error('invalid order'))
        expect(m.isAcked).toBe(true)
        return m
      })
      .runWith(RedisStreams.committerSink())
    expect(await pendingCount(admin, stream)).toBe(0)
    const dead = (await admin.xrange(`${stream}:dead-letter`, '-', '+')) as [string, string[]][]
    expect(dead[0]![1]).toContain('Error: invalid order')
  })

  it('acknowledges (and counts) pending entries whose data was trimmed away, without emitting them', async () => {
    const stream = nextKey('trimmed')
    await fill(admin, stream, 3)
    await admin.xgroup('CREATE', stream, 'g', '0')
    await admin.xreadgroup('GROUP', 'g', 'c', 'COUNT', 2, 'STREAMS', stream, '>')
    await admin.xtrim(stream, 'MAXLEN', 1)
    const [control, got] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c' }).take(1).toMat(Sink.collect(), Keep.both).run()
    expect((await got).map((m) => m.fields.n)).toEqual(['3'])
    expect(control.stats().trimmed).toBe(2)
    expect(await pendingCount(admin, stream)).toBe(1)
  })
})
