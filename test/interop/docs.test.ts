/** The TypeScript examples of docs/interop.md, run as written (see test/support/printedExamples.ts). */
import { describe, expect, it } from 'vitest'
import { testPrintedExamples } from '../support/printedExamples.js'

describe('docs/interop.md examples', () => {
  const blocks = testPrintedExamples('docs/interop.md')
  it('has one example per bridge', () => expect(blocks.length).toBe(6))
})
