/**
 * The `@example` blocks of sluice/worker and the ```ts blocks of docs/location-transparency.md,
 * compiled and run; `expression // value` lines are checked (see test/support/tsdocExamples.ts).
 * Examples that start real workers (`WorkerPool`, `serveTasks`, a worker script) need a script on
 * disk; WorkerPool.test.ts and StreamRefs.worker.test.ts run the same code against fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { examplesOf, pageExamples, root, runExample, sourceFiles } from '../../support/tsdocExamples.js'

const needsWorker = (code: string): boolean => /worker_threads|parentPort|\bpool\b/.test(code)
const all = sourceFiles('src/channels/worker').flatMap(examplesOf)
const runnable = all.filter((ex) => !needsWorker(ex.code))
const page = pageExamples('docs/location-transparency.md')
const runnablePage = page.filter((ex) => !needsWorker(ex.code))
const modules = ['src/channels/worker/index.ts']

describe('TSDoc examples of sluice/worker', () => {
  it('has examples, most of them runnable here', () => {
    expect(all.length).toBeGreaterThanOrEqual(14)
    expect(runnable.length).toBeGreaterThanOrEqual(10)
  })
  runnable.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      await runExample(ex, { modules })
    })
  })
})

describe('docs/location-transparency.md', () => {
  it('has runnable examples', () => expect(runnablePage.length).toBeGreaterThanOrEqual(3))
  runnablePage.forEach((ex, k) => {
    it(`example #${k} runs and its '// value' comments hold`, async () => {
      expect(await runExample(ex, { modules })).toBeGreaterThan(0)
    })
  })
})

describe('sluice/worker runs in browsers too', () => {
  it('imports nothing from node:* (workers come from a factory you pass)', () => {
    const dir = join(root, 'src/channels/worker')
    const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'internal')).map((f) => join(dir, 'internal', f))].filter((f) =>
      f.endsWith('.ts'),
    )
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/^\s*(import|export)\b[^\n]*['"]node:|\bimport\(['"]node:|require\(['"]node:/m) // code, not TSDoc examples
  })
})
