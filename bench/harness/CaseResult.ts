import type { BenchTarget, NotApplicable } from './BenchCase.js'

/**
 * What a child process reports about its one case (written as JSON to the file the driver names).
 *
 * @example
 * const ok: ChildOutput = { ok: true, timesMs: [12.1, 11.9], checksum: 42, warmupPasses: 17, warmupMs: 205 }
 */
export type ChildOutput =
  | {
      readonly ok: true
      /** Every timed pass, in order. */
      readonly timesMs: readonly number[]
      readonly checksum: number
      readonly warmupPasses: number
      readonly warmupMs: number
      readonly heapMiB?: number
    }
  | { readonly ok: false; readonly error: string }

/** How a case ended. `n/a` is never a result: the report shows it for a library without that scenario. */
export type CaseStatus = 'ok' | 'skipped' | 'failed' | 'timeout'

/**
 * One case's line in `docs/benchmarks.json`.
 *
 * @example
 * const r: CaseResult = { group: 'peers', file: 'bench/cases/peers/rxjs.case.ts', index: 0, scenario: 'S1', title: '...',
 *   library: 'rxjs', baseline: false, status: 'skipped', reason: 'needs PG_URL', wallMs: 0 }
 */
export interface CaseResult {
  /** The folder under `bench/cases/`. */
  readonly group: string
  /** The case file, relative to the repository. */
  readonly file: string
  /** Position of the case in the file's `cases` array. */
  readonly index: number
  readonly scenario: string
  readonly title: string
  readonly library: string
  readonly baseline: boolean
  readonly note?: string
  readonly target?: BenchTarget
  status: CaseStatus
  /** Why it was skipped or failed. */
  reason?: string
  readonly timesMs?: readonly number[]
  readonly minMs?: number
  readonly medianMs?: number
  readonly maxMs?: number
  readonly checksum?: number
  readonly warmupPasses?: number
  readonly warmupMs?: number
  readonly heapMiB?: number
  /** Median divided by the median of the scenario's baseline in the same run. */
  ratio?: number
  /** The child process's whole life (compile excluded), in ms. */
  readonly wallMs: number
  /** The 1-minute load average when the child started: how busy the machine was. */
  readonly loadAverage?: number
  /** How many rounds (fresh processes) the figures merge (`--rounds=N`); absent for one. */
  readonly rounds?: number
}

/**
 * Everything one `npm run bench` produced: the machine, the method and every case.
 *
 * @example
 * const run: BenchRun = { date: new Date().toISOString(), node: process.version, machine, filters: [], loader, results: [], notApplicable: [] }
 */
export interface BenchRun {
  readonly date: string
  readonly node: string
  readonly v8: string
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGiB: number; readonly os: string }
  readonly filters: readonly string[]
  /** Rounds per case (`--rounds=N`, default 1). */
  readonly rounds?: number
  readonly loader: string
  readonly durationMs: number
  readonly results: readonly CaseResult[]
  /** What the case files declared they cannot express, with the group they belong to. */
  readonly notApplicable: readonly (NotApplicable & { readonly group: string })[]
}
