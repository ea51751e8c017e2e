import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresEventStore } from '../../src/eventstore/postgres/PostgresEventStore.js'
import { checkServer, dropSchemas, inCi, nextSchema, pgUrl, skipReason } from '../eventstore/pg.js'

const fixture = join(import.meta.dirname, 'fixtures', 'scaleOutMember.ts')
const run = pgUrl !== undefined || inCi
if (!run) console.warn(skipReason)

describe.runIf(run)('scale-out across processes (PostgreSQL leases, kill -9)', () => {
  const url = pgUrl!
  const children: ChildProcess[] = []
  beforeAll(async () => {
    if (pgUrl === undefined) throw new Error('PG_URL is not set: CI must run the PostgreSQL suites (.ci/postgres.sh start)')
    await checkServer(url)
  })
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await dropSchemas(url)
  })

  function start(schema: string, owner: string): { child: ChildProcess; owned: () => string[]; exited: Promise<void> } {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, url, schema, owner], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let owned: string[] = []
    let buf = ''
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString()
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const l of lines) if (l.startsWith('owned')) owned = l.slice(6).split(',').filter((k) => k !== '')
    })
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${owner}] ${d.toString()}`))
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
    return { child, owned: () => owned, exited }
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  it('3 members share the ranges; one is killed with SIGKILL, a new one joins; the read model counts every event exactly once', async () => {
    const schema = nextSchema()
    const store = await PostgresEventStore.connect<{ n: number }>(url, { schema })
    let appended = 0
    const expected = new Map<string, number>()
    const append = async (k: number) => {
      for (let i = 0; i < k; i++) {
        const agg = `agg-${appended % 97}`
        const seq = expected.get(agg) ?? 0
        await store.append(agg, [{ type: 'E', payload: { n: appended } }], { expectedSequenceNumber: seq })
        expected.set(agg, seq + 1)
        appended++
      }
    }
    await append(600)
    const a = start(schema, 'a')
    const b = start(schema, 'b')
    const c = start(schema, 'c')
    await until(() => a.owned().length + b.owned().length + c.owned().length === 4 && new Set([...a.owned(), ...b.owned(), ...c.owned()]).size === 4, 'the 4 ranges to be owned once')
    await append(300)
    const killedRanges = b.owned()
    b.child.kill('SIGKILL')
    await b.exited
    await append(300)
    await until(() => killedRanges.every((k) => a.owned().includes(k) || c.owned().includes(k)), 'the killed member’s ranges to be taken over')
    const d = start(schema, 'd')
    await until(() => d.owned().length >= 1, 'the newcomer to get a range')
    await append(300)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const total = async () => Number((await client.query(`SELECT coalesce(sum(count), 0) AS s FROM "${schema}".model`)).rows[0].s)
      await until(async () => (await total()) >= appended, `all ${appended} events projected`)
      for (const m of [a, c, d]) m.child.kill('SIGTERM')
      await Promise.all([a.exited, c.exited, d.exited])
      const rows = (await client.query(`SELECT aggregate, count FROM "${schema}".model`)).rows as { aggregate: string; count: number }[]
      expect(new Map(rows.map((r) => [r.aggregate, r.count]))).toEqual(expected)
      // the members that stopped gracefully released their leases; only the killed one's may linger, expired
      const leases = await client.query(`SELECT owner FROM "${schema}".sluice_projection_leases WHERE expires_at > now()`)
      expect(leases.rows).toEqual([])
    } finally {
      await client.end()
      await store.close()
    }
  }, 90_000)
})
