/**
 * The NATS server of the broker suites: `NATS_URL`, which `.ci/run` sets from the server
 * `.ci/brokers.sh start` runs. In CI (`CI=true`) a missing variable or an unreachable server fails
 * the suite; locally, without the variable, the suite is skipped with a message saying how to run
 * it. Fault tests start private servers of their own (`startPrivateServer`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect as tcpConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AckPolicy, jetstreamManager, type ConsumerConfig, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, it } from 'vitest'

export const natsUrl: string | undefined = process.env.NATS_URL
export const inCi: boolean = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0'

export const skipReason =
  'NATS JetStream tests skipped: NATS_URL is not set. Run them with `source .ci/brokers.sh start && npx vitest run test/brokers/nats-jetstream`.'

export const natsServerBinary: string = process.env.NATS_SERVER ?? 'nats-server'

let names = 0
/**
 * The consumer's info once the server holds nothing unacknowledged or undelivered for it, polled
 * every 50 ms; fails with the last counts after `withinMs`. An `ack()` resolves when the server has
 * read the acknowledgement (a flush), but the server applies it to the consumer's state on its own
 * queue a moment later: a single look right after can still count it as pending.
 */
export async function settledConsumer(jsm: JetStreamManager, stream: string, consumer: string, withinMs = 5000): Promise<ConsumerInfo> {
  const deadline = Date.now() + withinMs
  for (;;) {
    const info = await jsm.consumers.info(stream, consumer)
    if (info.num_ack_pending + info.num_pending === 0) return info
    if (Date.now() > deadline)
      throw new Error(`consumer ${stream}/${consumer} still holds ${info.num_ack_pending} unacknowledged and ${info.num_pending} undelivered messages after ${withinMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A fresh stream name (and its subject prefix) for one test. */
export function nextStream(): { stream: string; subject: string } {
  const n = `T${process.pid}_${++names}_${Date.now().toString(36)}`
  return { stream: n, subject: `t.${n.toLowerCase()}` }
}

/**
 * Declares the suite `name` when NATS_URL is set; otherwise a failing test in CI (where
 * `.ci/run` must start a server) and a skipped suite, with a message saying how, locally.
 */
export function describeNats(name: string, body: (url: string) => void): void {
  if (natsUrl !== undefined) {
    const url = natsUrl
    describe(name, () => body(url))
  } else if (inCi)
    describe(name, () => {
      it('has a NATS server to test against', () => {
        throw new Error('CI is set but NATS_URL is not: .ci/run must start one with `source .ci/brokers.sh start`')
      })
    })
  else {
    console.warn(skipReason)
    describe.skip(`${name} (${skipReason})`, () => {
      it('needs NATS_URL', () => {})
    })
  }
}

/**
 * One connection and JetStream manager for a suite: checks the server and connects before the
 * suite (handing both to `connected`), and after it deletes the streams pushed onto the returned
 * array and closes the connection.
 */
export function jetStreamSession(url: string, connected: (nc: NatsConnection, jsm: JetStreamManager) => void): string[] {
  const streams: string[] = []
  let nc: NatsConnection | undefined
  let jsm: JetStreamManager | undefined
  beforeAll(async () => {
    await checkServer(url)
    nc = await connect({ servers: url })
    jsm = await jetstreamManager(nc)
    connected(nc, jsm)
  })
  afterAll(async () => {
    for (const s of streams) await jsm?.streams.delete(s).catch(() => {})
    await nc?.close()
  })
  return streams
}

/** Checks the server answers, with a message that says what to do when it does not. */
export async function checkServer(url: string): Promise<void> {
  try {
    const nc = await connect({ servers: url, timeout: 5000 })
    await jetstreamManager(nc)
    await nc.close()
  } catch (e) {
    throw new Error(`NATS at NATS_URL=${url} is not reachable or has no JetStream (${e instanceof Error ? e.message : String(e)}); start one with .ci/brokers.sh start`)
  }
}

/** Creates a stream on `subject.>` and a durable explicit-ack pull consumer `worker` on it. */
export async function createStream(
  jsm: JetStreamManager,
  stream: string,
  subject: string,
  consumer: Partial<ConsumerConfig> = {},
): Promise<void> {
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] })
  await jsm.consumers.add(stream, { durable_name: 'worker', ack_policy: AckPolicy.Explicit, ...consumer })
}

/** Publishes `count` messages `0..count-1` (data = the index as text) with core publish + flush. */
export async function fill(nc: NatsConnection, subject: string, count: number, from = 0): Promise<void> {
  const js = (await import('@nats-io/jetstream')).jetstream(nc)
  const batch = 500
  for (let i = from; i < from + count; i += batch) {
    const acks = []
    for (let j = i; j < Math.min(from + count, i + batch); j++) acks.push(js.publish(`${subject}.x`, String(j), { msgID: `m${j}` }))
    await Promise.all(acks)
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1')
    s.on('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.on('error', () => resolve(false))
  })
}

/** A nats-server of one test, on a free loopback port, with its store in a temp dir. */
export interface PrivateServer {
  readonly url: string
  readonly port: number
  /** Stops the process (SIGTERM, or SIGKILL) and waits for it to exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** Starts it again on the same port and store. */
  start(): Promise<void>
  /** Stops it and removes its directory. */
  dispose(): Promise<void>
}

export async function startPrivateServer(options: { readonly jetstream?: boolean; readonly user?: string; readonly pass?: string } = {}): Promise<PrivateServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'sluice-nats-'))
  let child: ChildProcess | null = null
  const args = ['-a', '127.0.0.1', '-p', String(port)]
  if (options.jetstream !== false) args.push('-js', '-sd', join(dir, 'store'))
  if (options.user !== undefined) args.push('--user', options.user, '--pass', options.pass ?? '')
  const start = async (): Promise<void> => {
    child = spawn(natsServerBinary, args, { stdio: 'ignore' })
    for (let i = 0; i < 200; i++) {
      if (await answers(port)) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`nats-server did not answer on 127.0.0.1:${port}`)
  }
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    const c = child
    child = null
    if (c === null || c.exitCode !== null) return
    const exited = new Promise((r) => c.once('exit', r))
    c.kill(signal)
    await exited
  }
  await start()
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    dispose: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
