/**
 * The child process: `node --expose-gc child.js <case file> <index> <result file>`. It runs one
 * case (setup, warm-up, timed passes, the heap pass, teardown) and writes a `ChildOutput` as JSON
 * to the result file. The driver starts one per (scenario, library), so no two libraries ever share
 * V8's inline caches or JIT state.
 */
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { BenchCase } from './BenchCase.js'
import type { ChildOutput } from './CaseResult.js'
import { measure } from './measure.js'

const [file, index, resultFile] = process.argv.slice(2)
if (file === undefined || index === undefined || resultFile === undefined) {
  console.error('usage: node --expose-gc child.js <case file> <index> <result file>')
  process.exit(2)
}
let output: ChildOutput
try {
  const mod = (await import(pathToFileURL(file).href)) as { cases?: readonly BenchCase[] }
  const benchCase = mod.cases?.[Number(index)]
  if (benchCase === undefined) throw new Error(`${file} has no case #${index}`)
  output = await measure(benchCase)
} catch (error) {
  output = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
}
writeFileSync(resultFile, JSON.stringify(output))
// A case that leaves a handle open must not hold the driver until its timeout.
process.exit(0)
