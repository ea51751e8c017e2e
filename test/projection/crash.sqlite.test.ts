import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteEventStore } from '../../src/eventstore/sqlite/SqliteEventStore.js'

const dir = mkdtempSync(join(tmpdir(), 'sluice-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fixture = join(import.meta.dirname, 'fixtures', 'projector.ts')

const EVENTS = 3000
const AGGREGATES = 30

async function seed(file: string): Promise<void> {
  const store = SqliteEventStore.open<{ n: number }>(file, { synchronous: 'normal' })
  const seq = new Map<string, number>()
  for (let start = 0; start < EVENTS; start += 100) {
    for (let a = 0; a < AGGREGATES; a++) {
      const batch = []
      for (let n = start; n < start + 100; n++) if (n % AGGREGATES === a) batch.push({ type: 'E', payload: { n } })
      const agg = `agg-${a}`
      await store.append(agg, batch, { expectedSequenceNumber: seq.get(agg) ?? 0 })
      seq.set(agg, (seq.get(agg) ?? 0) + batch.length)
    }
  }
  await store.close()
}

/** Runs the projector; kills it with SIGKILL once it reported `killAfterSaves` offset saves. Resolves with whether it finished. */
function runProjector(file: string, mode: string, killAfterSaves: number | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, file, mode], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (killAfterSaves !== undefined && out.split('p\n').length - 1 >= killAfterSaves) child.kill('SIGKILL')
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve(false)
      if (code !== 0) return reject(new Error(`projector exited with ${code}: ${err}`))
      resolve(out.includes('caught-up'))
    })
  })
}

function expectedModel(): Map<string, { count: number; last: number }> {
  const m = new Map<string, { count: number; last: number }>()
  for (let n = 0; n < EVENTS; n++) {
    const agg = `agg-${n % AGGREGATES}`
    m.set(agg, { count: (m.get(agg)?.count ?? 0) + 1, last: n })
  }
  return m
}

describe('projections survive kill -9 (real processes, SQLite)', () => {
  it('exactly-once: after kills mid-run and a restart, the read model equals the fold of all events', async () => {
    const file = join(dir, 'exactly.db')
    await seed(file)
    let kills = 0
    for (const after of [3, 10, 20]) if (!(await runProjector(file, 'exactly-once', after))) kills++
    expect(await runProjector(file, 'exactly-once', undefined)).toBe(true)
    const db = new Database(file, { readonly: true })
    const rows = db.prepare('SELECT aggregate, count, last FROM model').all() as { aggregate: string; count: number; last: number }[]
    db.close()
    expect(new Map(rows.map((r) => [r.aggregate, { count: r.count, last: r.last }]))).toEqual(expectedModel())
    expect(kills).toBe(3) // every kill landed mid-run
  }, 60_000)

  it('at-least-once: the idempotent part is exact, and duplicates stay within the unsaved window per kill', async () => {
    const file = join(dir, 'atleast.db')
    await seed(file)
    let kills = 0
    for (const after of [3, 10, 20]) if (!(await runProjector(file, 'at-least-once', after))) kills++
    expect(await runProjector(file, 'at-least-once', undefined)).toBe(true)
    const db = new Database(file, { readonly: true })
    const rows = db.prepare('SELECT aggregate, last FROM model').all() as { aggregate: string; last: number }[]
    const handled = (db.prepare('SELECT count(*) AS c, count(DISTINCT n) AS d FROM handled').get() as { c: number; d: number })
    db.close()
    expect(new Map(rows.map((r) => [r.aggregate, r.last]))).toEqual(new Map([...expectedModel()].map(([k, v]) => [k, v.last])))
    expect(handled.d).toBe(EVENTS)
    expect(kills).toBe(3)
    const duplicates = handled.c - handled.d
    // each kill can lose at most the envelopes handled since the last save (25), plus the one in flight
    expect(duplicates).toBeLessThanOrEqual(kills * 26)
    console.log(`at-least-once: ${kills} kills, ${duplicates} duplicate handlings of ${EVENTS} events`)
  }, 60_000)
})
