/**
 * The `@example` blocks in the TSDoc of sluice/rsocket, compiled and run on loopback with
 * test/support/tsdocExamples.ts (the rsocket exports are in scope; every example checks a value).
 */

import { describe, expect, it } from 'vitest'
import { examplesOf, runExample, sourceFiles } from '../../support/tsdocExamples.js'

const examples = sourceFiles('src/channels/rsocket').flatMap(examplesOf)

describe('TSDoc examples of sluice/rsocket', () => {
  it('has an example for every export', () => expect(examples.length).toBeGreaterThanOrEqual(10))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      const checks = await runExample(ex, { modules: ['src/channels/rsocket/index.ts'] })
      expect(checks, `${ex.where}: the example checks a value`).toBeGreaterThan(0)
    })
  })
})

