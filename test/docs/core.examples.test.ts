/**
 * The `@example` blocks of the core, the DSL, the Reactive Streams types and the operators of the
 * foundation (simple, source, sink), compiled and run; `expression // value` lines are checked.
 */
import { describe, expect, it } from 'vitest'
import { examplesOf, pageExamples, runExample, sourceFiles } from '../support/tsdocExamples.js'

const files = sourceFiles('src/core', 'src/observability', 'src/dsl', 'src/spec', 'src/operators/simple', 'src/operators/source', 'src/operators/sink')
const examples = files.flatMap(examplesOf)

describe('TSDoc examples of core, dsl, spec and the simple/source/sink operators', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(40))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      await runExample(ex)
    })
  })
})

describe('getting started, performance and README examples', () => {
  for (const page of ['docs/getting-started.md', 'docs/performance.md', 'README.md'])
    pageExamples(page).forEach((ex, k) => {
      it(`${page} #${k} runs`, async () => {
        await runExample(ex)
      })
    })
})
