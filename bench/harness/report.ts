import type { BenchRun, CaseResult } from './CaseResult.js'
import { byScenarioId, formatRatio, libraryOrder } from './compare.js'
import { DEFAULT_PASSES, WARMUP_MS } from './measure.js'
import { DEFAULT_TIMEOUT_MS } from './runChild.js'

const ms = (n: number | undefined): string => (n === undefined ? '' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0))

function cell(r: CaseResult | undefined, fastest: number): string {
  if (r === undefined) return 'n/a'
  if (r.status !== 'ok') return r.status
  if (r.ratio === undefined) return `${ms(r.medianMs)} ms`
  const text = formatRatio(r.ratio)
  const heap = r.heapMiB === undefined ? '' : `, ${r.heapMiB.toFixed(1)} MiB live`
  return !r.baseline && r.ratio === fastest ? `**${text}**${heap}` : `${text}${heap}`
}

/**
 * The ratio table of one group: a row per scenario, the baselines' column first, then a column per
 * library, `n/a` where the library has no case for the scenario, the fastest non-baseline library
 * in bold.
 *
 * @example
 * ratioTable(run.results.filter((r) => r.group === 'peers'))
 */
export function ratioTable(results: readonly CaseResult[]): string {
  // One column for the baselines, named after their library when the group has only one.
  const baselineNames = [...new Set(results.filter((r) => r.baseline).map((r) => r.library))]
  const baselineHeader = baselineNames.length === 1 ? baselineNames[0]! : 'baseline'
  const libraries = libraryOrder(results.filter((r) => !r.baseline))
  const scenarios = [...new Set(results.map((r) => r.scenario))].sort(byScenarioId)
  const lines = [`| scenario | ${[baselineHeader, ...libraries].join(' | ')} |`, `|---|${[baselineHeader, ...libraries].map(() => '---').join('|')}|`]
  for (const scenario of scenarios) {
    const rows = results.filter((r) => r.scenario === scenario)
    const baseline = rows.find((r) => r.baseline)
    const title = baseline?.title ?? rows[0]!.title
    const fastest = Math.min(...rows.filter((r) => !r.baseline && r.ratio !== undefined).map((r) => r.ratio!))
    const first = cell(baseline, fastest) + (baselineNames.length > 1 && baseline !== undefined ? ` (${baseline.library})` : '')
    const rest = libraries.map((l) => cell(rows.find((r) => r.library === l && !r.baseline), fastest))
    lines.push(`| ${scenario} ${title} | ${[first, ...rest].join(' | ')} |`)
  }
  return lines.join('\n')
}

/**
 * The times table of a set of results: min/median/max per case, the warm-up it got, its checksum
 * and why it has no figures when it has none.
 *
 * @example
 * timesTable(run.results)
 */
export function timesTable(results: readonly CaseResult[]): string {
  const libraries = libraryOrder(results)
  const sorted = [...results].sort((a, b) => byScenarioId(a.scenario, b.scenario) || libraries.indexOf(a.library) - libraries.indexOf(b.library))
  const lines = [
    '| scenario | library | min ms | median ms | max ms | ratio (medians) | ratio (minimums) | warm-up passes | checksum / status |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const r of sorted) {
    const status = r.status === 'ok' ? String(r.checksum) : `${r.status}: ${(r.reason ?? '').replace(/\|/g, '/')}`
    const base = results.find((b) => b.baseline && b.scenario === r.scenario && b.status === 'ok')
    const minRatio = r.status === 'ok' && base !== undefined ? formatRatio(r.minMs! / base.minMs!) : ''
    lines.push(
      `| ${r.scenario} | ${r.library} | ${ms(r.minMs)} | ${ms(r.medianMs)} | ${ms(r.maxMs)} | ${r.ratio === undefined ? '' : formatRatio(r.ratio)} | ${minRatio} | ${r.warmupPasses ?? ''} | ${status} |`,
    )
  }
  return lines.join('\n')
}

/**
 * Checks every case that has a `target` against the run: one line per goal, met or missed by how
 * much (a ratio over the goal).
 *
 * @example
 * targetTable(run.results)
 */
export function targetTable(results: readonly CaseResult[]): string {
  const lines = ['| scenario | library | goal | measured | result |', '|---|---|---|---|---|']
  const verdict = (value: number | undefined, limit: number, unit: string): string =>
    value === undefined ? 'no figure' : value <= limit ? 'met' : `missed by ${formatRatio(value / limit)}${unit}`
  for (const r of [...results].sort((a, b) => byScenarioId(a.scenario, b.scenario))) {
    const t = r.target
    if (t === undefined) continue
    const row = (goal: string, measured: string, result: string): number => lines.push(`| ${r.scenario} | ${r.library} | ${goal} | ${measured} | ${result} |`)
    const mine = r.ratio === undefined ? r.status : formatRatio(r.ratio)
    if (t.withinRatio !== undefined) row(`within ${formatRatio(t.withinRatio)} of the baseline`, mine, verdict(r.ratio, t.withinRatio, ''))
    if (t.maxHeapMiB !== undefined)
      row(`at most ${t.maxHeapMiB} MiB live`, r.heapMiB === undefined ? 'no figure' : `${r.heapMiB.toFixed(1)} MiB`, verdict(r.heapMiB, t.maxHeapMiB, ''))
    for (const peer of t.aheadOf ?? []) {
      const others = results.filter((o) => o.scenario === r.scenario && o !== r && !o.baseline && (peer === '*' || o.library === peer))
      for (const o of others) {
        const theirs = o.ratio === undefined ? o.status : formatRatio(o.ratio)
        const result = o.ratio === undefined ? `${o.library} has no figure` : r.ratio === undefined ? 'no figure' : r.ratio < o.ratio ? 'met' : `missed by ${formatRatio(r.ratio / o.ratio)}`
        row(`ahead of ${o.library}`, `${mine} vs ${theirs}`, result)
      }
    }
  }
  return lines.length === 2 ? '' : lines.join('\n')
}

/** The notes of a group: what is n/a and why, what cases say about themselves, what failed and why. */
function notes(run: BenchRun, group: string): string[] {
  const rows = run.results.filter((r) => r.group === group).sort((a, b) => byScenarioId(a.scenario, b.scenario))
  const out: string[] = []
  for (const na of run.notApplicable.filter((n) => n.group === group).sort((a, b) => byScenarioId(a.scenario, b.scenario))) out.push(`- ${na.scenario}, ${na.library}: n/a, ${na.reason}`)
  for (const r of rows) if (r.note !== undefined) out.push(`- ${r.scenario}, ${r.library}: ${r.note}`)
  for (const r of rows) if (r.status !== 'ok') out.push(`- ${r.scenario}, ${r.library}: ${r.status}${r.reason === undefined ? '' : `, ${r.reason.replace(/\|/g, '/')}`}`)
  return out
}

/** Groups in report order: `runtime` (the peers' scenarios) first, then the others as found. */
export function groupOrder(results: readonly CaseResult[]): string[] {
  const groups = [...new Set(results.map((r) => r.group))]
  return [...groups].sort((a, b) => Number(b === 'runtime') - Number(a === 'runtime') || groups.indexOf(a) - groups.indexOf(b))
}

/**
 * The whole `docs/benchmarks.md`: method, machine, the ratio table and times table of every group,
 * and the chart.
 *
 * @example
 * writeFileSync('docs/benchmarks.md', markdownReport(run, 'benchmarks.svg', 'benchmarks.json'))
 */
export function markdownReport(run: BenchRun, chartFile: string, jsonFile: string, before?: BenchRun): string {
  const groups = groupOrder(run.results)
  const loads = run.results.flatMap((r) => (r.loadAverage === undefined ? [] : [r.loadAverage]))
  const load = loads.length === 0 ? 'n/a' : `${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)}`
  const out = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\`${run.filters.length > 0 ? ` (filtered: \`${run.filters.join(' ')}\`)` : ''} on ${run.date}; do not edit by hand. ` +
      `Raw results: [${jsonFile}](${jsonFile}).`,
    '',
    '## Method',
    '',
    '- One case is one library doing one scenario (`bench/cases/<group>/*.case.ts`, the contract is `bench/harness/BenchCase.ts`). ' +
      'Every case runs in its own fresh `node --expose-gc` process, one process at a time, scenario by scenario with the baseline first (so the cases of a scenario run minutes apart, not at either end of the run), so no library shares V8\'s inline caches or JIT state with another.',
    `- In the child: \`setup\` (untimed), a warm-up (one pass, then more untimed passes while the warm-up has taken less than ${WARMUP_MS} ms), ` +
      `then ${DEFAULT_PASSES} timed passes (unless a case says otherwise), each after \`beforePass\` and a full \`gc()\`. Reported: min, median and max of the timed passes.`,
    ...((run.rounds ?? 1) > 1
      ? [
          `- ${run.rounds} rounds: every case ran ${run.rounds} times, each in a fresh process, the rounds one after the other (the whole selection, then again). ` +
            'A case\'s median is the median of its rounds\' medians; its min and max are over every pass of every round.',
        ]
      : []),
    '- Every pass (warm-up included) returns a checksum that must equal the first; every library of a scenario must agree with the baseline\'s checksum, or the case is reported as failed.',
    '- A ratio is a case\'s median over the median of its scenario\'s baseline (the hand-written loop or raw driver) **measured in the same run**. Lower is faster; the fastest non-baseline library of each scenario is in bold. ' +
      'The times tables also give the ratio of the minimums, which load from other processes disturbs less (a 1 ms baseline pass is rarely preempted, a 100 ms pass often is).',
    '- Live heap (memory-bound scenarios only): one extra untimed pass during which the child samples `heapUsed + arrayBuffers` after a full `gc()` (every 5 ms, or 9 times the last gc\'s cost when that is longer, and once after `run` returns); reported: the peak minus the same figure before the pass (0.0 when it never rose above it). The baseline\'s figure is the floor of the method (code compiled during the pass, the sampler\'s own garbage).',
    `- Each child has a wall-clock limit (${DEFAULT_TIMEOUT_MS / 1000} s unless the case sets \`timeoutMs\`): past it the child is killed and the case reads \`timeout\`. ` +
      'Cases whose `requires` environment variables are missing read `skipped`; `n/a` means the library has no case for the scenario (it cannot express it without hand-writing the operator).',
    `- TypeScript: ${run.loader}`,
    '',
    '## Machine',
    '',
    `- ${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.memoryGiB.toFixed(0)} GiB, ${run.machine.os}`,
    `- Node ${run.node} (V8 ${run.v8}); whole run ${(run.durationMs / 1000).toFixed(0)} s`,
    `- 1-minute load average when each child started: ${load}. **The machine is shared**: up to six other agents build and test on the same 2 cores during the run, ` +
      'so every figure here is noisy (compare min and max); ratios are more stable than times because the baseline ran in the same run, but not immune.',
    '',
    `![ratios](${chartFile})`,
    '',
  ]
  const targets = targetTable(run.results)
  if (targets !== '') out.push('## Targets', '', 'Goals declared by the cases (`target` in `BenchCase`), checked against this run:', '', targets, '')
  for (const group of groups) {
    const rows = run.results.filter((r) => r.group === group)
    out.push(`## ${group}`, '', '### Ratio to the baseline (median)', '', ratioTable(rows), '')
    const previous = before?.results.filter((r) => r.group === group) ?? []
    if (previous.length > 0) out.push(`### Before: the run of ${before!.date} (node ${before!.node})`, '', ratioTable(previous), '')
    const remarks = notes(run, group)
    if (remarks.length > 0) out.push('### Notes', '', ...remarks, '')
    out.push('### Times', '', timesTable(rows), '')
  }
  return out.join('\n')
}
