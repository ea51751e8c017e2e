/**
 * `npm run bench`: the benchmark driver.
 *
 *     npm run bench                       every case; writes docs/benchmarks.{md,svg,json}
 *     npm run bench -- S1 rxjs            S1 and its variants, RxJS (plus each scenario's baseline)
 *     npm run bench -- eventstore         one group (a folder of bench/cases/)
 *     npm run bench -- --out=/tmp/b S3    write the report elsewhere
 *     npm run bench -- --before=old.json  add the ratio tables of an earlier run's benchmarks.json
 *     npm run bench -- --render=run.json  rewrite the report from a run's benchmarks.json, running nothing
 *
 * A case is one library doing one scenario, declared in `bench/cases/<group>/<name>.case.ts`
 * (`export const cases: BenchCase[]`, see `bench/harness/BenchCase.ts`). The driver compiles the
 * sources to plain JavaScript once (`bench/harness/compile.ts` says why not tsx), then runs every
 * selected case in its own fresh `node --expose-gc` child (`bench/harness/child.ts`), one at a
 * time: warm-up passes for 200 ms, 5 timed passes after `gc()`, checksums on every pass and across
 * the libraries of a scenario, a timeout per child. Ratios are to the scenario's baseline from the
 * same run. A filtered run writes its report to a temporary folder unless `--out` is given, so
 * that `docs/` always holds a whole run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, release, tmpdir, totalmem, type as osType } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchRun, CaseResult } from './harness/CaseResult.js'
import { ratioChart } from './harness/chart.js'
import { compareScenarios } from './harness/compare.js'
import { compileForBench } from './harness/compile.js'
import { discoverCases } from './harness/discover.js'
import { groupOrder, markdownReport, ratioTable, targetTable } from './harness/report.js'
import { runChild } from './harness/runChild.js'
import { mergeRounds } from './harness/rounds.js'
import { runOrder, selectCases } from './harness/select.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const outArg = args.find((a) => a.startsWith('--out='))
const beforeArg = args.find((a) => a.startsWith('--before='))
const before = beforeArg === undefined ? undefined : (JSON.parse(readFileSync(beforeArg.slice('--before='.length), 'utf8')) as BenchRun)
const words = args.filter((a) => !a.startsWith('--'))
const outDir = outArg !== undefined ? outArg.slice('--out='.length) : words.length === 0 ? join(root, 'docs') : join(tmpdir(), 'sluice-bench-report')

const LOADER =
  'the driver compiles `src/`, `bench/` and `test/` with the TypeScript compiler and the options of `tsconfig.json` (per file, `ts.transpileModule`; the project sets `isolatedModules`) ' +
  'into a temporary folder, and the children run that plain JavaScript with no loader hook. Not `node --import tsx`: tsx compiles with esbuild and `keepNames`, ' +
  'which wraps named functions and classes in `__name(...)` calls (a closure created per element would pay for it), adds source maps and a module-loading hook; ' +
  'the compiled output is what users of the published package run.'

const renderArg = args.find((a) => a.startsWith('--render='))
const roundsArg = args.find((a) => a.startsWith('--rounds='))
const rounds = roundsArg === undefined ? 1 : Number(roundsArg.slice('--rounds='.length))
if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds: expected a positive integer, got ${roundsArg}`)

/** Writes benchmarks.json, benchmarks.svg and benchmarks.md for a run into outDir. */
function writeReport(run: BenchRun): void {
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'benchmarks.json'), JSON.stringify(run, null, 2) + '\n')
  writeFileSync(join(outDir, 'benchmarks.svg'), ratioChart(run.results, `sluice benchmarks, node ${run.node}, ${run.date.slice(0, 10)}`))
  writeFileSync(join(outDir, 'benchmarks.md'), markdownReport(run, 'benchmarks.svg', 'benchmarks.json', before))
}

if (renderArg !== undefined) {
  writeReport(JSON.parse(readFileSync(renderArg.slice('--render='.length), 'utf8')) as BenchRun)
  console.log(`report: ${join(outDir, 'benchmarks.md')}`)
  process.exit(0)
}

const started = performance.now()
const date = new Date().toISOString()
console.log(`sluice benchmarks: node ${process.version}, ${date}`)
const out = compileForBench(root)
// Interrupted (Ctrl-C reaches the running child too, same process group): still remove the compiled copy.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    rmSync(out, { recursive: true, force: true })
    process.exit(130)
  })
try {
  const found = await discoverCases(root, out)
  const entries = runOrder(selectCases(found.entries, words))
  const scenarios = new Set(entries.map((e) => e.benchCase.scenario))
  console.log(`compiled to ${out}; ${entries.length} cases${words.length > 0 ? ` matching ${words.join(' ')}` : ''}`)
  const childJs = join(out, 'bench', 'harness', 'child.js')
  // Every round runs every selected case once, in run order; a case's rounds are merged at the end.
  const byCase: CaseResult[][] = entries.map(() => [])
  for (let round = 1; round <= rounds; round++) {
    if (rounds > 1) console.log(`-- round ${round} of ${rounds}`)
    for (const [i, entry] of entries.entries()) {
      const c = entry.benchCase
      process.stdout.write(`${c.scenario.padEnd(28)} ${c.library.padEnd(30)} `)
      const r = await runChild(entry, childJs)
      byCase[i]!.push(r)
        console.log(
        r.status === 'ok'
          ? `median ${r.medianMs!.toFixed(2)} ms (min ${r.minMs!.toFixed(2)}, max ${r.maxMs!.toFixed(2)})${r.heapMiB === undefined ? '' : `, ${r.heapMiB.toFixed(1)} MiB live`}`
          : `${r.status}: ${r.reason ?? ''}`,
      )
    }
  }
  const results: CaseResult[] = byCase.map(mergeRounds)
  compareScenarios(results)
  const run: BenchRun = {
    date,
    node: process.version,
    v8: process.versions.v8,
    machine: { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, memoryGiB: totalmem() / 2 ** 30, os: `${osType()} ${release()}` },
    filters: words,
    rounds,
    loader: LOADER,
    durationMs: performance.now() - started,
    results,
    notApplicable: found.notApplicable.filter((na) => scenarios.has(na.scenario)),
  }
  writeReport(run)
  for (const group of groupOrder(results)) console.log(`\n## ${group}\n\n${ratioTable(results.filter((r) => r.group === group))}`)
  const targets = targetTable(results)
  if (targets !== '') console.log(`\n## targets\n\n${targets}`)
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'timeout')
  for (const r of failed) console.log(`!! ${r.scenario} ${r.library}: ${r.status}${r.reason === undefined ? '' : `: ${r.reason}`}`)
  console.log(`\nreport: ${join(outDir, 'benchmarks.md')}, ${((performance.now() - started) / 1000).toFixed(0)} s`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
