/**
 * The `@example` blocks in the TSDoc of the fan-in, fan-out and channel operators, the hubs and
 * the graph builder, and the examples of their docs pages, compiled and run; `expression // value`
 * lines are checked (see test/support/tsdocExamples.ts).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { examplesOf, pageExamples, root, runExample, sourceFiles } from '../support/tsdocExamples.js'

const files = [...sourceFiles('src/operators/fan-in', 'src/operators/fan-out', 'src/operators/channels', 'src/channels'), join(root, 'src/dsl/GraphBuilder.ts')]
const examples = files.flatMap(examplesOf)
const pages = ['docs/operators/fan-in.md', 'docs/operators/fan-out.md', 'docs/graphs.md', 'docs/channels.md']
const pageCode = pages.flatMap(pageExamples)

describe('TSDoc examples of fan-in, fan-out, channels and GraphDSL', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(30))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      await runExample(ex)
    })
  })
})

describe('docs pages of fan-in, fan-out, graphs and channels', () => {
  it('has examples on every page', () => {
    for (const page of pages) expect(pageCode.filter((e) => e.where === page).length, page).toBeGreaterThan(1)
  })

  pageCode.forEach((ex, k) => {
    it(`${ex.where} #${k} runs and its '// value' comments hold`, async () => {
      const checks = await runExample(ex)
      expect(checks, 'every example checks something').toBeGreaterThan(0)
    })
  })
})
