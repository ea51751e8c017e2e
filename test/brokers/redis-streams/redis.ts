/**
 * The Redis server of the broker suites: `REDIS_URL`, which `.ci/run` sets from the servers
 * `.ci/brokers.sh start` starts. In CI (`CI=true`) a missing variable or an unreachable server
 * fails the suite; locally, without the variable, the suite is skipped with a message saying how
 * to run it. Fault tests start private servers of their own (`privateRedis`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, it } from 'vitest'

export const redisUrl: string | undefined = process.env.REDIS_URL
export const inCi: boolean = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0'

export const skipReason =
  'Redis Streams tests skipped: REDIS_URL is not set. Run them with `source .ci/brokers.sh start && npx vitest run test/brokers/redis-streams`.'

/** Declares `body` when REDIS_URL is set; otherwise a failing test in CI, a skipped suite locally. */
export function describeRedis(name: string, body: (url: string) => void): void {
  if (redisUrl !== undefined) {
    describe(name, () => body(redisUrl))
    return
  }
  if (inCi)
    describe(name, () => {
      it('has a Redis server to test against', () => {
        throw new Error('CI is set but REDIS_URL is not: .ci/run must start one with `source .ci/brokers.sh start`')
      })
    })
  else {
    console.warn(skipReason)
    describe.skip(`${name} (${skipReason})`, () => {
      it('needs REDIS_URL', () => {})
    })
  }
}

let keys = 0
/** A stream name no other test (or run) uses. */
export function nextKey(label = 's'): string {
  return `sluice:test:${process.pid}:${Date.now().toString(36)}:${label}:${++keys}`
}

/** A client for the test's own commands; `quit` it in `finally`. */
export async function adminClient(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  try {
    await client.connect()
  } catch (e) {
    client.disconnect()
    throw new Error(`Redis at REDIS_URL=${url} is not reachable (${e instanceof Error ? e.message : String(e)}); start one with .ci/brokers.sh start`)
  }
  return client
}

/**
 * Opens an admin client and a plain client before the suite's tests and quits both after them;
 * `use` receives them (assign them to the suite's variables).
 */
export function withClients(url: string, use: (admin: Redis, client: Redis) => void): void {
  let admin: Redis | undefined
  let client: Redis | undefined
  beforeAll(async () => {
    admin = await adminClient(url)
    client = new Redis(url)
    use(admin, client)
  })
  afterAll(async () => {
    await client?.quit()
    await admin?.quit()
  })
}

/** Names of the server's client connections whose name starts with `prefix`. */
export async function clientNames(admin: Redis, prefix: string): Promise<string[]> {
  const list = (await admin.call('CLIENT', 'LIST')) as string
  return list
    .split('\n')
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
    .filter((n) => n.startsWith(prefix))
}

/** Polls `check` until it returns true (every 20 ms, up to `ms`). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
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

/** A redis-server of the test's own on 127.0.0.1, AOF on, in a temp dir: it can be killed and restarted. */
export interface PrivateRedis {
  readonly url: string
  readonly port: number
  /** Stops the server (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts it again on the same port and directory (the AOF is replayed). */
  start(): Promise<void>
  /** Stops it and removes its directory. */
  close(): Promise<void>
}

export async function privateRedis(extra: readonly string[] = []): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-redis-'))
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', ...extra],
      { stdio: 'ignore' },
    )
    child = proc
    const until = Date.now() + 10_000
    for (;;) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1')
        socket.once('connect', () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
      if (up) return
      if (proc.exitCode !== null || Date.now() > until) throw new Error(`redis-server on port ${port} did not start`)
      await new Promise((r) => setTimeout(r, 30))
    }
  }
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const proc = child
    child = null
    if (proc === null || proc.exitCode !== null) return
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill(signal)
    })
  }
  try {
    await start()
  } catch (e) {
    await kill()
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    close: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
