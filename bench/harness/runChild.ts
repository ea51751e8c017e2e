import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CaseResult, ChildOutput } from './CaseResult.js'
import type { CaseEntry } from './discover.js'

/** Wall-clock limit of a child when its case does not set `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 60_000

const median = (sorted: readonly number[]): number => {
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Runs one case in a fresh `node --expose-gc` process (`childJs` is the compiled `child.ts`) and
 * returns its result; a case whose `requires` variables are missing is skipped without a process.
 * The child is killed (SIGKILL) at its timeout. Ratios are filled in later, per scenario.
 *
 * @example
 * const result = await runChild(entry, join(out, 'bench/harness/child.js'))
 */
export async function runChild(entry: CaseEntry, childJs: string): Promise<CaseResult> {
  const c = entry.benchCase
  const base = {
    group: entry.group,
    file: entry.file,
    index: entry.index,
    scenario: c.scenario,
    title: c.title,
    library: c.library,
    baseline: c.baseline === true,
    ...(c.note === undefined ? {} : { note: c.note }),
    ...(c.target === undefined ? {} : { target: c.target }),
  }
  const missing = (c.requires ?? []).filter((name) => process.env[name] === undefined || process.env[name] === '')
  if (missing.length > 0) return { ...base, status: 'skipped', reason: `needs ${missing.join(', ')}`, wallMs: 0 }

  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-result-'))
  const resultFile = join(dir, 'result.json')
  const timeoutMs = c.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const loadAverage = loadavg()[0]!
  const started = performance.now()
  try {
    const child = spawn(process.execPath, ['--expose-gc', childJs, entry.compiled, String(entry.index), resultFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let log = ''
    const keep = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-4000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (exitCode) => resolve(exitCode))
    }).finally(() => clearTimeout(timer))
    const wallMs = performance.now() - started
    if (timedOut) return { ...base, status: 'timeout', reason: `no result within ${timeoutMs / 1000} s`, wallMs, loadAverage }
    let output: ChildOutput
    try {
      output = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildOutput
    } catch {
      return { ...base, status: 'failed', reason: `child exited with code ${code} and no result: ${log.trim().split('\n').slice(-5).join(' | ')}`, wallMs, loadAverage }
    }
    if (!output.ok) return { ...base, status: 'failed', reason: output.error.split('\n').slice(0, 3).join(' | '), wallMs, loadAverage }
    const sorted = [...output.timesMs].sort((a, b) => a - b)
    return {
      ...base,
      status: 'ok',
      timesMs: output.timesMs,
      minMs: sorted[0]!,
      medianMs: median(sorted),
      maxMs: sorted[sorted.length - 1]!,
      checksum: output.checksum,
      warmupPasses: output.warmupPasses,
      warmupMs: output.warmupMs,
      ...(output.heapMiB === undefined ? {} : { heapMiB: output.heapMiB }),
      wallMs,
      loadAverage,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
