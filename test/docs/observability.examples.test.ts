/**
 * The ```ts blocks of docs/observability.md, compiled and run; `expression // value` lines are
 * checked. The operator families (`async`, `simple`) are in scope for `import ... from 'sluice/operators'`.
 */
import { describe, expect, it } from 'vitest'
import { pageExamples, runExample } from '../support/tsdocExamples.js'

const page = 'docs/observability.md'
const examples = pageExamples(page)

describe(page, () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(7))

  let checks = 0
  examples.forEach((ex, k) => {
    it(`#${k} runs and its checks hold`, async () => {
      checks += await runExample(ex, { modules: ['src/operators/index.ts'] })
    })
  })

  it('checks what the page says the examples return', () => expect(checks).toBeGreaterThanOrEqual(12))
})
