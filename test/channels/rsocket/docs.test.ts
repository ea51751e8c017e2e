/** The examples of docs/location-transparency-rsocket.md run (sluice and sluice/rsocket in scope). */
import { describe, expect, it } from 'vitest'
import { pageExamples, runExample } from '../../support/tsdocExamples.js'

const examples = pageExamples('docs/location-transparency-rsocket.md')

describe('docs/location-transparency-rsocket.md', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(0))
  examples.forEach((ex, k) => {
    it(`example #${k}`, async () => {
      expect(await runExample(ex, { modules: ['src/channels/rsocket/index.ts'] })).toBeGreaterThan(0)
    })
  })
})
