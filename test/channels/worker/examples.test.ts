/**
 * The `@example` blocks of sluice/worker, compiled and run; `expression // value` lines are
 * checked (see test/support/tsdocExamples.ts). Examples that start real workers (`WorkerPool`,
 * `serveTasks`, the worker errors) need a worker script on disk; WorkerPool.test.ts runs the same
 * code against its fixtures.
 */
import { describe, expect, it } from 'vitest'
import { examplesOf, runExample, sourceFiles } from '../../support/tsdocExamples.js'

const all = sourceFiles('src/channels/worker').flatMap(examplesOf)
const needsWorker = (code: string): boolean => /worker_threads|parentPort|\bpool\b/.test(code)
const runnable = all.filter((ex) => !needsWorker(ex.code))

describe('TSDoc examples of sluice/worker', () => {
  it('has examples, most of them runnable here', () => {
    expect(all.length).toBeGreaterThanOrEqual(14)
    expect(runnable.length).toBeGreaterThanOrEqual(10)
  })
  runnable.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      await runExample(ex, { modules: ['src/channels/worker/index.ts'] })
    })
  })
})
