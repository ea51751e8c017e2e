import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { AckPolicy, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { inCi, natsUrl, settledConsumer, skipReason, startPrivateServer, type PrivateServer } from './nats.js'

const fixture = fileURLToPath(new URL('./fixtures/consumer.ts', import.meta.url))

/** A consumer child process and what it reported so far. */
interface Child {
  readonly process: ChildProcess
  /** value -> delivery counts seen */
  readonly received: Map<number, number[]>
  readonly acked: number[]
  readonly exited: Promise<number | null>
  finished: boolean
}

function startConsumer(url: string, stream: string, env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, NATS_URL: url, STREAM: stream, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const state: Child = {
    process: child,
    received: new Map(),
    acked: [],
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    finished: false,
  }
  let rest = ''
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop()!
    for (const line of lines) {
      const [kind, value, count] = line.split(' ')
      if (kind === 'r') {
        const v = Number(value)
        const counts = state.received.get(v)
        if (counts === undefined) state.received.set(v, [Number(count)])
        else counts.push(Number(count))
      } else if (kind === 'a') state.acked.push(Number(value))
      else if (kind === 'done') state.finished = true
    }
  })
  return state
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Publishes `0..n-1` with core publish (JetStream stores them), then waits for the stream to hold them. */
async function fillFast(nc: NatsConnection, stream: string, subject: string, n: number): Promise<void> {
  const jsm = await jetstreamManager(nc)
  for (let i = 0; i < n; i++) {
    nc.publish(subject, String(i))
    if (i % 5000 === 4999) await nc.flush()
  }
  await nc.flush()
  const deadline = Date.now() + 20_000
  while ((await jsm.streams.info(stream)).state.messages < n) {
    if (Date.now() > deadline) throw new Error('stream did not fill')
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function withServer(run: (server: PrivateServer, nc: NatsConnection) => Promise<void>): Promise<void> {
  const server = await startPrivateServer()
  const nc = await connect({ servers: server.url })
  const children: Child[] = []
  try {
    await run(server, nc)
  } finally {
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL')
    await nc.close()
    await server.dispose()
  }
}

const fault = natsUrl === undefined && !inCi ? describe.skip : describe
if (natsUrl === undefined && !inCi) console.warn(skipReason)

fault('JetStream faults: consumer processes sharing a durable consumer', () => {
  it('kill -9 of one of three: its unacknowledged messages are redelivered to the others after ack_wait', async () => {
    await withServer(async (server, nc) => {
      const N = 3000
      const jsm = await jetstreamManager(nc)
      await jsm.streams.add({ name: 'K', subjects: ['k.>'] })
      await jsm.consumers.add('K', { durable_name: 'worker', ack_policy: AckPolicy.Explicit, ack_wait: 2_000_000_000, max_ack_pending: 500 })
      await fillFast(nc, 'K', 'k.n', N)
      const children: Child[] = []
      try {
        const victim = startConsumer(server.url, 'K', { HOLD: '1', BATCH: '50' })
        children.push(victim)
        // It takes what max_ack_pending allows, and then waits (it neither stalls the server nor fetches more).
        await until(() => victim.received.size >= 500, 20_000, 'the victim to hold 500 messages')
        await new Promise((r) => setTimeout(r, 200))
        expect(victim.received.size).toBe(500)
        const others = [startConsumer(server.url, 'K'), startConsumer(server.url, 'K')]
        children.push(...others)
        await until(() => others.every((o) => o.acked.length > 0), 20_000, 'the others to start')
        const killedAt = Date.now()
        victim.process.kill('SIGKILL')
        await victim.exited
        const held = [...victim.received.keys()]
        const union = () => new Set(others.flatMap((o) => o.acked))
        await until(() => union().size === N, 30_000, 'all messages acknowledged by the survivors')
        const reclaimedAfter = Date.now() - killedAt
        for (const o of others) o.process.kill('SIGTERM')
        const codes = await Promise.all(others.map((o) => o.exited))
        const all = union()
        const redelivered = held.map((v) => Math.max(...others.flatMap((o) => o.received.get(v) ?? [0])))
        const processed = others.reduce((n, o) => n + o.acked.length, 0)
        console.info(
          `[nats kill -9] ${N} messages, 3 processes; the killed one held ${held.length} unacknowledged; ` +
            `survivors acknowledged ${processed} (${processed - N} duplicates), all ${N} within ${reclaimedAfter} ms of the kill (ack_wait 2000 ms, max_ack_pending 500)`,
        )
        expect(codes).toEqual([0, 0])
        expect(all.size).toBe(N)
        // every message the victim held reached a survivor as a redelivery
        for (const [i, v] of held.entries()) {
          expect(all.has(v)).toBe(true)
          expect(redelivered[i]).toBeGreaterThanOrEqual(2)
        }
        await settledConsumer(jsm, 'K', 'worker') // every ack applied: nothing pending
      } finally {
        for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL')
      }
    })
  }, 60_000)

  it('three processes share the messages: the union is all of them, and an idempotent read model is exact', async () => {
    await withServer(async (server, nc) => {
      const N = Number(process.env.SLUICE_NATS_SHARE_N ?? 100_000)
      const jsm = await jetstreamManager(nc)
      await jsm.streams.add({ name: 'U', subjects: ['u.>'] })
      await jsm.consumers.add('U', { durable_name: 'worker', ack_policy: AckPolicy.Explicit, ack_wait: 10_000_000_000 })
      const filled = Date.now()
      await fillFast(nc, 'U', 'u.n', N)
      const fillMs = Date.now() - filled
      const children: Child[] = []
      try {
        const started = Date.now()
        children.push(startConsumer(server.url, 'U'), startConsumer(server.url, 'U'), startConsumer(server.url, 'U'))
        const readModel = new Set<number>()
        await until(
          () => {
            for (const c of children) {
              for (const v of c.acked) readModel.add(v)
              c.acked.length = 0
            }
            return readModel.size === N
          },
          45_000,
          `${N} messages`,
        )
        const consumeMs = Date.now() - started
        for (const c of children) c.process.kill('SIGTERM')
        const codes = await Promise.all(children.map((c) => c.exited))
        const shares = children.map((c) => c.received.size)
        const deliveries = children.reduce((n, c) => n + [...c.received.values()].reduce((m, counts) => m + counts.length, 0), 0)
        console.info(
          `[nats share] ${N} messages over 3 processes: shares ${shares.join(' / ')}, ${deliveries - N} redeliveries; ` +
            `filled in ${fillMs} ms, all acknowledged within ${consumeMs} ms of starting the processes`,
        )
        expect(codes).toEqual([0, 0, 0])
        expect(readModel.size).toBe(N)
        for (let i = 0; i < N; i++) if (!readModel.has(i)) throw new Error(`message ${i} missing`)
        expect(shares.every((s) => s > 0)).toBe(true)
        await settledConsumer(jsm, 'U', 'worker') // every ack applied: nothing pending
      } finally {
        for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL')
      }
    })
  }, 60_000)
})
