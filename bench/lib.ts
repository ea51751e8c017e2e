/**
 * A small benchmark harness: each case runs a few warm-up rounds, then timed rounds; the median
 * is reported as elements/s and as a ratio to the suite's baseline (the plain loop).
 */

export interface BenchCase {
  /** Shown in the table, e.g. 'sluice', 'rxjs', 'plain loop'. */
  readonly name: string
  /** Runs the whole workload once; returns something derived from the result (checked for equality across cases). */
  readonly run: () => unknown | Promise<unknown>
  /** The baseline of the suite (the plain loop); exactly one case should set it. */
  readonly baseline?: boolean
}

export interface BenchSuite {
  readonly title: string
  /** Elements processed by one run, for elements/s. */
  readonly elements: number
  readonly cases: readonly BenchCase[]
  /** Timed rounds (default 7) and warm-up rounds (default 3). */
  readonly rounds?: number
  readonly warmup?: number
}

export interface BenchRow {
  readonly name: string
  readonly medianMs: number
  readonly elementsPerSecond: number
  readonly ratio: number
  readonly result: unknown
}

async function time(run: () => unknown | Promise<unknown>): Promise<[number, unknown]> {
  const t0 = performance.now()
  const result = await run()
  return [performance.now() - t0, result]
}

/** Runs one suite and prints its table. Cases run interleaved, round by round, so drift hits all alike. */
export async function runSuite(suite: BenchSuite): Promise<BenchRow[]> {
  const rounds = suite.rounds ?? 7
  const warmup = suite.warmup ?? 3
  const times = suite.cases.map(() => [] as number[])
  const results: unknown[] = suite.cases.map(() => undefined)
  for (let r = 0; r < warmup + rounds; r++) {
    for (let i = 0; i < suite.cases.length; i++) {
      const [ms, result] = await time(suite.cases[i]!.run)
      results[i] = result
      if (r >= warmup) times[i]!.push(ms)
    }
  }
  const medians = times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]!)
  const baseIndex = suite.cases.findIndex((c) => c.baseline === true)
  const base = medians[baseIndex >= 0 ? baseIndex : 0]!
  const rows = suite.cases.map((c, i) => ({
    name: c.name,
    medianMs: medians[i]!,
    elementsPerSecond: suite.elements / (medians[i]! / 1000),
    ratio: medians[i]! / base,
    result: results[i],
  }))
  print(suite, rows)
  return rows
}

function print(suite: BenchSuite, rows: readonly BenchRow[]): void {
  const fmt = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0))
  console.log(`\n## ${suite.title}  (${suite.elements.toLocaleString('en')} elements, median of ${suite.rounds ?? 7})`)
  console.log(`${'case'.padEnd(34)} ${'median ms'.padStart(10)} ${'elements/s'.padStart(11)} ${'x plain'.padStart(8)}  result`)
  for (const r of rows)
    console.log(
      `${r.name.padEnd(34)} ${r.medianMs.toFixed(2).padStart(10)} ${fmt(r.elementsPerSecond).padStart(11)} ${r.ratio.toFixed(2).padStart(8)}  ${String(r.result).slice(0, 40)}`,
    )
  const distinct = new Set(rows.map((r) => JSON.stringify(r.result)))
  if (distinct.size > 1) console.log('!! cases disagree on the result: ' + [...distinct].join(' vs '))
}
