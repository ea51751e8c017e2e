/**
 * Fault tests: a broker restart, a consumer killed with SIGKILL, three processes sharing a
 * stream, a slow consumer. The numbers they measure are printed (and reported in the docs).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { RedisStreams } from '../../../src/brokers/redis-streams/index.js'
import { adminClient, describeRedis, eventually, nextKey, privateRedis } from './redis.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const script = fileURLToPath(new URL('./fixtures/consumerProcess.ts', import.meta.url))
/**
 * Messages the three-process test shares. The issue asks for 100,000, which takes 15-30 s on a
 * shared two-core machine: too much for the suite's budget, so 20,000 unless
 * `SLUICE_REDIS_SHARED_MESSAGES` says otherwise (the docs give the numbers of a 100,000 run).
 */
const SHARED = Number(process.env.SLUICE_REDIS_SHARED_MESSAGES ?? 20_000)

interface Child {
  readonly proc: ChildProcess
  readonly exited: Promise<number | null>
}

function startConsumer(config: Record<string, unknown>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    proc.stdout!.once('data', () => resolve({ proc, exited }))
    proc.once('exit', (code) => reject(new Error(`consumer process exited with ${code} before starting`)))
  })
}

async function stopAll(children: readonly Child[]): Promise<void> {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM')
  await Promise.all(
    children.map(async (c) => {
      const timer = setTimeout(() => c.proc.kill('SIGKILL'), 5000)
      await c.exited
      clearTimeout(timer)
    }),
  )
}

async function produce(client: Redis, stream: string, count: number): Promise<void> {
  await Source.range(1, count)
    .map((n) => ({ n }))
    .runWith(RedisStreams.producerSink({ client, stream, maxInFlight: 2000 }))
}

async function readModel(admin: Redis, key: string): Promise<{ unique: number; total: number }> {
  const all = await admin.hgetall(key)
  const values = Object.values(all).map(Number)
  return { unique: values.length, total: values.reduce((a, b) => a + b, 0) }
}

describeRedis('RedisStreams: faults', (url) => {
  let admin: Redis
  beforeAll(async () => {
    admin = await adminClient(url)
  })
  afterAll(async () => {
    await admin.quit()
  })

  it(`three consumer processes share ${SHARED} messages: the union is all of them, the idempotent read model is exact`, async () => {
    const stream = nextKey('shared')
    const readModelKey = `${stream}:read-model`
    const progress = `${stream}:progress`
    const producer = new Redis(url)
    const children: Child[] = []
    let started = 0
    try {
      await admin.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM')
      children.push(
        ...(await Promise.all(
          ['p1', 'p2', 'p3'].map((consumer) => startConsumer({ url, stream, group: 'g', consumer, readModel: readModelKey, progress, claimMinIdleMs: 10_000, delayMs: 0 })),
        )),
      )
      started = Date.now()
      await produce(producer, stream, SHARED)
      await eventually(async () => (await admin.hlen(readModelKey)) === SHARED, 40_000, 'every message processed')
      await eventually(async () => Number(((await admin.xpending(stream, 'g')) as unknown[])[0]) === 0, 5000, 'every message acknowledged')
      const model = await readModel(admin, readModelKey)
      const shares = await admin.hgetall(progress)
      console.log(`[faults] three processes: ${SHARED} messages produced and consumed in ${Date.now() - started} ms (after the processes started); per process ${JSON.stringify(shares)}; duplicates ${model.total - model.unique}`)
      expect(model.unique).toBe(SHARED)
      expect(model.total - model.unique).toBe(0) // nobody died: nothing delivered twice
      for (const share of Object.values(shares)) expect(Number(share)).toBeGreaterThan(0)
    } finally {
      await stopAll(children)
      await producer.quit()
      await admin.del(stream, readModelKey, progress)
    }
    expect(children.map((c) => c.proc.exitCode)).toEqual([0, 0, 0])
  }, 60_000)

  it("kill -9 one consumer process of three: another one reclaims its pending messages", async () => {
    const stream = nextKey('kill9')
    const readModelKey = `${stream}:read-model`
    const progress = `${stream}:progress`
    const N = 3000
    const producer = new Redis(url)
    const children: Child[] = []
    try {
      await admin.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM')
      children.push(
        ...(await Promise.all(
          ['k1', 'k2', 'k3'].map((consumer) => startConsumer({ url, stream, group: 'g', consumer, readModel: readModelKey, progress, claimMinIdleMs: 1000, delayMs: 100 })),
        )),
      )
      await produce(producer, stream, N)
      await eventually(async () => Number(await admin.hget(progress, 'k1')) >= 100, 20_000, 'k1 to process 100')
      children[0]!.proc.kill('SIGKILL')
      await children[0]!.exited
      const orphaned = ((await admin.xpending(stream, 'g', '-', '+', N, 'k1')) as [string][]).map((r) => r[0])
      expect(orphaned.length).toBeGreaterThan(0)
      await eventually(async () => (await admin.hlen(readModelKey)) === N, 30_000, 'every message processed')
      await eventually(async () => Number(((await admin.xpending(stream, 'g')) as unknown[])[0]) === 0, 10_000, 'nothing pending')
      const processedOrphans = await admin.hmget(readModelKey, ...orphaned)
      const model = await readModel(admin, readModelKey)
      const shares = await admin.hgetall(progress)
      console.log(
        `[faults] kill -9: ${orphaned.length} messages pending on the killed consumer, all reclaimed; per process ${JSON.stringify(shares)}; duplicates ${model.total - model.unique} of ${N}`,
      )
      expect(processedOrphans.every((v) => v !== null)).toBe(true)
      expect(model.unique).toBe(N)
      // Duplicates only where at-least-once allows: processed by k1, killed before its ack (the
      // live consumers keep their own entries from being claimed: keepAliveMs).
      expect(model.total - model.unique).toBeLessThanOrEqual(Math.min(orphaned.length, Number(shares.k1)))
    } finally {
      await stopAll(children)
      await producer.quit()
      await admin.del(stream, readModelKey, progress)
    }
  }, 60_000)

  it('restart redis-server (AOF, SIGKILL) mid-stream: nothing acknowledged is lost, duplicates counted', async () => {
    const server = await privateRedis()
    const producer = new Redis(server.url)
    const client = new Redis(server.url)
    producer.on('error', () => {})
    client.on('error', () => {})
    const stream = 'restart'
    const N = 10_000
    const seen = new Map<string, number>() // by message (n)
    const deliveries = new Map<string, number>() // by entry id
    const acked = new Set<string>()
    const ackedIds: string[] = []
    try {
      const produced = Source.range(1, N)
        .mapAsync(1, async (n) => {
          if (n % 200 === 0) await sleep(10) // spread the production over the restart
          return { n }
        })
        .runWith(RedisStreams.producerSink({ client: producer, stream, maxInFlight: 100 }))
      const [control, consumed] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'c', blockMs: 100 })
        .mapAsync(1, async (m) => {
          seen.set(m.fields.n!, (seen.get(m.fields.n!) ?? 0) + 1)
          deliveries.set(m.id, (deliveries.get(m.id) ?? 0) + 1)
          return m
        })
        .via(RedisStreams.committerFlow({ maxBatch: 50, maxInterval: 5 }))
        .mapConcat((batch) => batch)
        .map((m) => {
          ackedIds.push(m.id)
          return acked.add(m.fields.n!)
        })
        .takeWhile(() => acked.size < N)
        .toMat(Sink.ignore(), Keep.both)
        .run()
      await eventually(() => seen.size >= 2000, 20_000, '2000 consumed')
      const ackedBefore = ackedIds.slice()
      await server.kill('SIGKILL')
      await sleep(300)
      await server.start()
      await produced
      await consumed
      control.shutdown()
      const lengthAfter = await client.xlen(stream)
      const pendingAfter = Number(((await client.xpending(stream, 'g')) as unknown[])[0])
      const byMessage = [...seen.values()].reduce((a, b) => a + b, 0)
      const redelivered = [...deliveries.values()].filter((c) => c > 1).length
      console.log(
        `[faults] redis restart: ${ackedBefore.length} acknowledged before the kill; ${N} produced, ${lengthAfter} entries after (XADDs re-sent after the restart: ${lengthAfter - N}); ` +
          `${seen.size} distinct messages consumed, ${byMessage - seen.size} duplicate messages (all from re-sent XADDs: ${deliveries.size - N}), ${redelivered} entries delivered twice; pending after ${pendingAfter}`,
      )
      expect(seen.size).toBe(N) // every produced message consumed
      expect(pendingAfter).toBe(0)
      expect(lengthAfter).toBeGreaterThanOrEqual(N) // nothing the producer had confirmed is lost
      // every acknowledged entry stayed acknowledged across the restart: none was delivered again
      expect(ackedBefore.filter((id) => deliveries.get(id) !== 1)).toEqual([])
      // duplicates only where at-least-once allows them: re-sent adds, entries in flight at the kill
      expect(redelivered).toBe(0)
    } finally {
      producer.disconnect()
      client.disconnect()
      await server.close()
    }
  }, 60_000)

  it('a slow consumer holds at most bufferSize entries: no prefetch, memory stays flat', async () => {
    const stream = nextKey('slow')
    const client = new Redis(url)
    const body = 'x'.repeat(2048)
    try {
      await Source.range(1, 20_000)
        .map((n) => ({ n, body }))
        .runWith(RedisStreams.producerSink({ client, stream, maxInFlight: 1000 }))
      const heapBefore = process.memoryUsage().heapUsed
      let maxPending = 0
      const [control, done] = RedisStreams.consumerGroupSource({ client, stream, group: 'g', consumer: 'slow', bufferSize: 50, maxBatch: 50 })
        .mapAsync(1, async (m) => {
          await sleep(1)
          return m
        })
        .toMat(RedisStreams.committerSink({ maxBatch: 10, maxInterval: 5 }), Keep.both)
        .run()
      await eventually(() => control.stats().emitted > 0, 5000, 'the first read')
      for (let i = 0; i < 10; i++) {
        await sleep(100)
        maxPending = Math.max(maxPending, Number(((await admin.xpending(stream, 'g')) as unknown[])[0]))
      }
      const heapDelta = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20
      const { emitted, acked } = control.stats()
      control.shutdown()
      await done
      console.log(`[faults] slow consumer: stream of 20000 x 2 KiB (~40 MiB); after 1 s ${emitted} read, ${acked} acked, at most ${maxPending} pending, heap +${heapDelta.toFixed(1)} MiB`)
      expect(maxPending).toBeLessThanOrEqual(50 + 10) // bufferSize + the committer's batch
      expect(emitted - acked).toBeLessThanOrEqual(60)
      expect(emitted).toBeLessThan(2000)
      expect(heapDelta).toBeLessThan(20)
    } finally {
      await client.del(stream)
      await client.quit()
    }
  })
})
