import type { CaseResult } from './CaseResult.js'

/**
 * Fills in each result's ratio (its median over the median of its scenario's baseline) and fails
 * every case whose checksum differs from the baseline's (or, without a usable baseline, from the
 * first successful case of the scenario). A scenario with no or several baselines fails its cases.
 *
 * @example
 * compareScenarios(results)
 */
export function compareScenarios(results: readonly CaseResult[]): void {
  const byScenario = new Map<string, CaseResult[]>()
  for (const r of results) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r])
  for (const [scenario, rows] of byScenario) {
    const baselines = rows.filter((r) => r.baseline)
    if (baselines.length !== 1) {
      for (const r of rows)
        if (r.status === 'ok') Object.assign(r, { status: 'failed', reason: `scenario ${scenario} has ${baselines.length} baseline cases, needs exactly 1` })
      continue
    }
    const baseline = baselines[0]!
    const reference = baseline.status === 'ok' ? baseline : rows.find((r) => r.status === 'ok')
    if (reference === undefined) continue
    for (const r of rows) {
      if (r.status !== 'ok' || r === reference) continue
      if (!Object.is(r.checksum, reference.checksum)) {
        r.status = 'failed'
        r.reason = `checksum ${r.checksum} differs from ${reference.library}'s ${reference.checksum}`
      }
    }
    if (baseline.status !== 'ok') continue
    for (const r of rows) if (r.status === 'ok') r.ratio = r.medianMs! / baseline.medianMs!
  }
}

/**
 * A ratio as the report prints it: `1.11x`, `5.4x`, `124x`.
 *
 * @example
 * formatRatio(5.43) // '5.4x'
 */
export function formatRatio(ratio: number): string {
  if (ratio < 1.995) return `${ratio.toFixed(2)}x`
  if (ratio < 9.95) return `${ratio.toFixed(1)}x`
  return `${Math.round(ratio)}x`
}

/** Orders scenario ids naturally: `S2.p8` before `S10`. */
export const byScenarioId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })

/** The column order of the report: baselines, then sluice, then the peers in the order. */
const PREFERRED = ['sluice', 'rxjs', 'effect', '@most/core', 'callbag', 'node streams', 'web streams']

/**
 * The libraries of a set of results in report order.
 *
 * @example
 * libraryOrder(results) // ['plain loop', 'sluice', 'rxjs', ...]
 */
export function libraryOrder(results: readonly CaseResult[]): string[] {
  const seen = [...new Set(results.map((r) => r.library))]
  const rank = (library: string): number => {
    if (results.some((r) => r.library === library && r.baseline)) return -1
    const i = PREFERRED.findIndex((p) => library.toLowerCase().startsWith(p))
    return i < 0 ? PREFERRED.length : i
  }
  return [...seen].sort((a, b) => rank(a) - rank(b) || seen.indexOf(a) - seen.indexOf(b))
}
