/** The TypeScript examples of docs/eventstore.md, run as written (see test/support/printedExamples.ts). */
import { describe, expect, it } from 'vitest'
import { testPrintedExamples } from '../support/printedExamples.js'

describe('docs/eventstore.md examples', () => {
  const blocks = testPrintedExamples('docs/eventstore.md')
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(4))
})
