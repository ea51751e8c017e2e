import fc from 'fast-check'
import { Redis, type Command } from 'ioredis'
import { expect, it, vi } from 'vitest'
import { Keep, Sink } from '../../../src/index.js'
import { RedisStreams, type RedisStreamEnvelope } from '../../../src/brokers/redis-streams/index.js'
import { splitDemand } from '../../../src/brokers/redis-streams/internal/groupCommands.js'
import type { Subscription } from '../../../src/spec/types.js'
import { clientNames, describeRedis, eventually, nextKey, withClients } from './redis.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function fill(admin: Redis, stream: string, count: number, from = 1): Promise<string[]> {
  const p = admin.pipeline()
  for (let i = from; i < from + count; i++) p.xadd(stream, '*', 'n', String(i))
  const results = (await p.exec())!
  return results.map((r) => r[1] as string)
}

/** Watches every command sent on any ioredis connection whose arguments mention `key`. */
function watchCommands(key: string, onCommand: (name: string, args: readonly unknown[], command: Command) => void): () => void {
  const original = Redis.prototype.sendCommand
  const spy = vi.spyOn(Redis.prototype, 'sendCommand').mockImplementation(function (this: Redis, command: Command, stream?: unknown) {
    if (command.args.some((a) => a === key)) onCommand(command.name.toLowerCase(), command.args, command)
    return original.call(this, command, stream as never)
  })
  return () => spy.mockRestore()
}

function countOf(args: readonly unknown[]): number {
  const i = args.findIndex((a) => typeof a === 'string' && a.toUpperCase() === 'COUNT')
  return Number(args[i + 1])
}

it('splits the demand between several streams so that the COUNTs never add up to more than it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 50 }), (k, rotation, demand) => {
      const all = Array.from({ length: k }, (_, i) => `s${i}`)
      const { streams, count, rotation: next } = splitDemand(all, rotation % k, demand)
      expect(streams.length * count).toBeLessThanOrEqual(demand)
      expect(count).toBeGreaterThanOrEqual(1)
      expect(new Set(streams).size).toBe(streams.length)
      expect(streams.length).toBe(Math.min(k, demand))
      expect(next).toBe((((rotation % k) + streams.length) % k))
    }),
  )
})

describeRedis('RedisStreams.consumerGroupSource', (url) => {
  let admin: Redis
  let client: Redis
  withClients(url, (a, c) => {
    admin = a
    client = c
  })

  it('never reads more than the outstanding demand: COUNT <= requested - received, for XREADGROUP and XAUTOCLAIM (random demand schedules)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ n: fc.integer({ min: 1, max: 12 }), waitMs: fc.integer({ min: 0, max: 12 }) }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 8 }),
        async (schedule, maxBatch) => {
          const stream = nextKey('demand')
          await fill(admin, stream, 30)
          await admin.xgroup('CREATE', stream, 'g', '0')
          // pending entries of this consumer (re-read at start) and of a dead one (claimed)
          await admin.xreadgroup('GROUP', 'g', 'c', 'COUNT', 6, 'STREAMS', stream, '>')
          await admin.xreadgroup('GROUP', 'g', 'dead', 'COUNT', 6, 'STREAMS', stream, '>')
          let requested = 0
          let received = 0
          const violations: string[] = []
          const counts: number[] = []
          const unwatch = watchCommands(stream, (name, args) => {
            if (name !== 'xreadgroup' && name !== 'xautoclaim') return
            const count = countOf(args)
            counts.push(count)
            if (count > requested - received) violations.push(`${name} COUNT ${count} with ${requested - received} outstanding`)
            if (count > maxBatch) violations.push(`${name} COUNT ${count} > maxBatch ${maxBatch}`)
          })
          let subscription!: Subscription
          const ids = new Set<string>()
          const publisher = RedisStreams.consumerGroupPublisher({
            client, stream, group: 'g', consumer: 'c', maxBatch, blockMs: 30, claim: { minIdleMs: 0, intervalMs: 15 },
          })
          publisher.subscribe({
            onSubscribe: (s) => (subscription = s),
            onNext: (m) => {
              received++
              ids.add(m.id)
              if (received > requested) violations.push(`received ${received} > requested ${requested}`)
            },
            onError: (e) => violations.push(`failed: ${String(e)}`),
            onComplete: () => violations.push('completed'),
          })
          try {
            for (const step of schedule) {
              requested += step.n
              subscription.request(step.n)
              await sleep(step.waitMs)
            }
            await eventually(() => received >= Math.min(requested, 30) || violations.length > 0, 5000, 'the requested entries')
            await sleep(20)
          } finally {
            subscription.cancel()
            unwatch()
          }
          expect(violations).toEqual([])
          expect(received).toBe(Math.min(requested, 30))
          expect(ids.size).toBe(received)
          expect(counts.length).toBeGreaterThan(0)
          await admin.del(stream)
        },
      ),
      { numRuns: 20 },
    )
  })

  it('emits envelopes with stream, id, offset, delivery count, fields, occurredAt, group and consumer', async () => {
    const stream = nextKey('env')
    const [id] = await fill(admin, stream, 1)
    const [m] = await RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c-1' }).take(1).runCollect()
    expect(m!.stream).toBe(stream)
    expect(m!.id).toBe(id)
    expect(m!.offset).toBe(id)
    expect(m!.deliveryCount).toBe(1)
    expect(m!.fields).toEqual({ n: '1' })
    expect(m!.payload).toEqual({ n: '1' })
    expect(m!.group).toBe('g')
    expect(m!.consumer).toBe('c-1')
    expect(m!.occurredAt.getTime()).toBe(Number(id!.split('-')[0]))
    expect(m!.isAcked).toBe(false)
    // Not acknowledged: still pending for c-1
    expect(((await admin.xpending(stream, 'g')) as unknown[])[0]).toBe(1)
    await m!.ack()
    expect(m!.isAcked).toBe(true)
    expect(((await admin.xpending(stream, 'g')) as unknown[])[0]).toBe(0)
  })

  it('decodes the payload with decode', async () => {
    const stream = nextKey('decode')
    await admin.xadd(stream, '*', 'json', JSON.stringify({ text: 'hi' }))
    const [m] = await RedisStreams.consumerGroupSource({
      client, stream, group: 'g', consumer: 'c', decode: (f) => JSON.parse(f.json!) as { text: string },
    }).take(1).runCollect()
    expect(m!.payload).toEqual({ text: 'hi' })
  })

  it('on start re-reads its own pending entries (id 0) first, then new ones (>)', async () => {
    const stream = nextKey('pending')
    await fill(admin, stream, 5)
    await admin.xgroup('CREATE', stream, 'g', '0')
    await admin.xreadgroup('GROUP', 'g', 'c', 'COUNT', 3, 'STREAMS', stream, '>') // read before a crash, never acked
    await fill(admin, stream, 2, 6)
    const got = await RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', blockMs: 50 })
      .take(7)
      .map((m) => [m.fields.n, m.deliveryCount])
      .runCollect()
    expect(got).toEqual([['1', 2], ['2', 2], ['3', 2], ['4', 1], ['5', 1], ['6', 1], ['7', 1]])
  })

  it('the committer acknowledges only what was processed, in batches by count', async () => {
    const stream = nextKey('commit')
    await fill(admin, stream, 50)
    let xacks = 0
    const unwatch = watchCommands(stream, (name) => {
      if (name === 'xack') xacks++
    })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let processed = 0
    try {
      const [control, done] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', bufferSize: 50, maxBatch: 50 })
        .mapAsync(1, async (m) => {
          if (processed === 20) await gate
          processed++
          return m
        })
        .take(50)
        .toMat(RedisStreams.committerSink({ maxBatch: 10, maxInterval: 10_000 }), Keep.both)
        .run()
      await eventually(() => processed === 20, 5000, '20 processed')
      await eventually(async () => Number(((await admin.xpending(stream, 'g')) as unknown[])[0]) === 30, 5000, 'the acks of 20')
      release()
      await done
      await control.closed
      expect(((await admin.xpending(stream, 'g')) as unknown[])[0]).toBe(0)
      expect(xacks).toBe(5)
    } finally {
      unwatch()
    }
  })

  it('the committer acknowledges a partial batch after maxInterval', async () => {
    const stream = nextKey('commit-time')
    await fill(admin, stream, 3)
    const acked: number[] = []
    const [control, done] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', blockMs: 50 })
      .via(RedisStreams.committerFlow({ maxBatch: 100, maxInterval: '30ms' }))
      .toMat(Sink.forEach((batch) => acked.push(batch.length)), Keep.both)
      .run()
    await eventually(() => acked.length > 0, 3000, 'a timed ack')
    expect(acked).toEqual([3])
    expect(((await admin.xpending(stream, 'g')) as unknown[])[0]).toBe(0)
    control.shutdown()
    await done
  })

  it('a stalled pipeline stops the reads: at most bufferSize entries are taken from the group', async () => {
    const stream = nextKey('stall')
    await fill(admin, stream, 500)
    let release!: () => void
    const gate = new Promise<number>((r) => (release = () => r(1)))
    const [control, done] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', bufferSize: 20, maxBatch: 100 })
      .mapAsync(1, () => gate) // holds the first one until released
      .toMat(Sink.ignore(), Keep.both)
      .run()
    await eventually(() => control.stats().emitted > 0, 3000, 'a read')
    await sleep(200)
    const pending = Number(((await admin.xpending(stream, 'g')) as unknown[])[0])
    expect(pending).toBeLessThanOrEqual(20)
    expect(control.stats().emitted).toBe(pending)
    control.shutdown()
    release()
    await done
  })

  it('reads several streams, splitting the demand between them', async () => {
    const a = nextKey('multi-a')
    const b = nextKey('multi-b')
    await fill(admin, a, 10)
    await fill(admin, b, 10, 11)
    const got = await RedisStreams.consumerGroupSource({ client, stream: [a, b], group: 'g', consumer: 'c', maxBatch: 4, bufferSize: 4, blockMs: 30 })
      .take(20)
      .mapAsync(2, async (m) => {
        await m.ack()
        return Number(m.fields.n)
      })
      .runCollect()
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('ack is idempotent and the committer skips envelopes acknowledged already', async () => {
    const stream = nextKey('idem')
    await fill(admin, stream, 4)
    let xackIds = 0
    const unwatch = watchCommands(stream, (name, args) => {
      if (name === 'xack') xackIds += args.length - 2
    })
    try {
      await RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c' })
        .take(4)
        .mapAsync(1, async (m: RedisStreamEnvelope) => {
          if (m.fields.n === '1') {
            await m.ack()
            await m.ack()
          }
          return m
        })
        .runWith(RedisStreams.committerSink({ maxInterval: '5ms' }))
      expect(xackIds).toBe(4)
    } finally {
      unwatch()
    }
  })

  it('opens nothing when cancelled from onSubscribe, and reads nothing without demand', async () => {
    const stream = nextKey('no-demand')
    await fill(admin, stream, 3)
    let reads = 0
    const unwatch = watchCommands(stream, (name) => {
      if (name === 'xreadgroup' || name === 'xautoclaim') reads++
    })
    try {
      const group = `no-demand-${process.pid}`
      RedisStreams.consumerGroupPublisher({ connection: url, stream, group, consumer: 'c' }).subscribe({
        onSubscribe: (s) => s.cancel(),
        onNext: () => {},
        onError: () => {},
        onComplete: () => {},
      })
      let subscription!: Subscription
      RedisStreams.consumerGroupPublisher({ client, stream, group: 'idle', consumer: 'c', claim: { minIdleMs: 0, intervalMs: 10 } }).subscribe({
        onSubscribe: (s) => (subscription = s),
        onNext: () => {},
        onError: () => {},
        onComplete: () => {},
      })
      await sleep(200)
      subscription.cancel()
      expect(reads).toBe(0)
      expect(await clientNames(admin, `sluice:${group}:`)).toEqual([])
    } finally {
      unwatch()
    }
  })

  it('closes its connections after cancel, failure and completion (own connections and the duplicate of a client)', async () => {
    const cases: [string, (group: string, stream: string) => Promise<unknown>][] = [
      ['cancel', (group, stream) =>
        RedisStreams.consumerGroupSource({ connection: url, stream, group, consumer: 'c', lingerMs: 50 }).take(2).runWith(Sink.ignore())],
      ['failure', (group, stream) =>
        RedisStreams.consumerGroupSource({ connection: url, stream, group, consumer: 'c', lingerMs: 50 })
          .map(() => {
            throw new Error('handler failed')
          })
          .runWith(Sink.ignore())
          .catch((e: unknown) => expect((e as Error).message).toBe('handler failed'))],
      ['completion', async (group, stream) => {
        const [control, done] = RedisStreams.consumerGroupSource({ client, stream, group, consumer: 'c', blockMs: 1000 })
          .take(3)
          .toMat(RedisStreams.committerSink(), Keep.both)
          .run()
        await done
        await control.closed
      }],
      ['completion with own connections, everything acknowledged (no linger)', async (group, stream) => {
        const [control, done] = RedisStreams.consumerGroupSource({ connection: url, stream, group, consumer: 'c' })
          .take(5)
          .toMat(RedisStreams.committerSink(), Keep.both)
          .run()
        await done
        const started = Date.now()
        await control.closed // lingerMs is 10 s by default: closing at once means nothing was outstanding
        expect(Date.now() - started).toBeLessThan(2000)
      }],
      ['shutdown while blocked', async (group, stream) => {
        const [control, done] = RedisStreams.consumerGroupSource({ connection: url, stream, group, consumer: 'c', blockMs: 0, lingerMs: 50 })
          .drop(5) // everything read, then a blocking read forever
          .toMat(Sink.ignore(), Keep.both)
          .run()
        await eventually(() => control.stats().emitted === 5, 3000, 'five read')
        await sleep(50)
        control.shutdown()
        await done
        await control.closed
      }],
    ]
    for (const [label, run] of cases) {
      const group = `cleanup-${label.replace(/ /g, '-')}-${process.pid}`
      const stream = nextKey('cleanup')
      await fill(admin, stream, 5)
      await run(group, stream)
      await eventually(async () => (await clientNames(admin, `sluice:${group}:`)).length === 0, 3000, `the connections of "${label}" to close`)
    }
  })
})
