/**
 * The demos' live tables and `--stall`, run as child processes the way `npm run demo` and
 * `npm run demo:backpressure` run them (stdout is a pipe here, so the tables are appended blocks).
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../', import.meta.url))

/** Runs an example under tsx from the repository root (build sites are printed relative to it). */
async function demo(file: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development' },
    maxBuffer: 1 << 22,
    timeout: 25_000,
  })
  return stdout
}

/** The 1-based line of `file` that contains `text` (where the example builds a stage). */
function lineOf(file: string, text: string): number {
  const line = readFileSync(`${root}${file}`, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1
  expect(line).toBeGreaterThan(0)
  return line
}

/** The table rows of a stage, as arrays of cells, from every table in `output`. */
function rowsOf(output: string, stage: string): string[][] {
  return output
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/))
    .filter((cells) => /^\d+$/.test(cells[0] ?? '') && cells[1] === stage)
}

describe('npm run demo:backpressure', () => {
  it('prints a live table of its stages and, with --stall, the detector names the stalled stage and its line', async () => {
    const out = await demo('examples/demo.ts', '--stall')
    // the table: a header with el/s, the stages, the boundary
    expect(out).toMatch(/stream 'backpressure' #\d+ running/)
    expect(out).toMatch(/id +stage +state +emitted +el\/s +demand +buffer +flight +idle +built at/)
    const service = rowsOf(out, 'slow-service')
    expect(service.length).toBeGreaterThan(1)
    // elements per second: a number once there is an earlier snapshot to compare with
    expect(service.some((cells) => Number(cells[4]) > 0)).toBe(true)
    // the async boundary's buffer never holds more than its bound
    const boundary = rowsOf(out, 'take.async').map((cells) => cells[6]!)
    expect(boundary.length).toBeGreaterThan(1)
    for (const fill of boundary) expect(Number(fill.split('/')[0])).toBeLessThanOrEqual(32)
    expect(out).toMatch(/async boundary iterate\+map\.async\.out -> take\.async\.in: \d+ crossed/)

    // the stall report: the stage, where the example built it, the path to it
    const built = `examples/demo.ts:${lineOf('examples/demo.ts', 'async.mapAsync(')}:`
    expect(out).toMatch(/sluice: stream 'backpressure' has not moved for \d+\.\d s: 'slow-service' built at /)
    expect(out).toContain(`'slow-service' built at ${built}`)
    expect(out).toContain('has demand from downstream and emits nothing (1 in flight')
    expect(out).toMatch(new RegExp(`path .*: forEach \\(examples/demo\\.ts:\\d+:\\d+\\) <- slow-service \\(${built.replace(/\./g, '\\.')}\\d+\\)`))
    // then it moves again and ends normally
    expect(out).toMatch(/sluice: stream 'backpressure' moves again after \d+\.\d s \(it was held up by 'slow-service'/)
    expect(out).toMatch(/^done: the producer made \d+ elements for 5000 consumed/m)
  }, 30_000)
})

describe('npm run demo', () => {
  it('prints its streams with their stages a few times and, with --stall, the detector names the writer that is held up', async () => {
    // 3 s of writing: the writer is held from 0.5 s until the report (~1.5 s), and must still be
    // running at the detector's next check for the "moves again" line (a run that has ended by
    // then gets none).
    const out = await demo('examples/chat/demo.ts', '--stall', '--seconds', '3', '--writers', '2')
    // the streams, by the names the demo (and the projection, after its id) gave their runs
    expect(out).toMatch(/stream 'room-summaries' #\d+ running/)
    expect(out).toMatch(/stream 'read-side' #\d+ running/)
    expect(out).toMatch(/stream 'writer-0' #\d+ running/)
    expect(rowsOf(out, 'groupedWithin').length).toBeGreaterThan(0)
    expect(rowsOf(out, 'handle-command').length).toBeGreaterThan(0)
    expect(out).toContain('el/s')

    const built = `examples/chat/runDemo.ts:${lineOf('examples/chat/runDemo.ts', 'async.mapAsync(')}:`
    expect(out).toMatch(/sluice: stream 'writer-0' has not moved for \d+\.\d s: 'handle-command' built at /)
    expect(out).toContain(`'handle-command' built at ${built}`)
    expect(out).toMatch(/path .*: ignore \(examples\/chat\/runDemo\.ts:\d+:\d+\) <- handle-command/)
    expect(out).toMatch(/sluice: stream 'writer-0' moves again after/)
    // nothing else was reported, and the demo still checks what it always did
    expect(out.match(/has not moved for/g)).toHaveLength(1)
    expect(out).toMatch(/^ok: every message posted was read once/m)
  }, 30_000)
})
