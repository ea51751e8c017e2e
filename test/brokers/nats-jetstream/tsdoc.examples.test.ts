/**
 * The `@example` blocks in the TSDoc of sluice/nats, compiled and run against NATS_URL with
 * test/support/tsdocExamples.ts. In scope: sluice, sluice/nats, and the fixtures of
 * fixtures/examples.ts (`connection`, the `ORDERS` stream with its `billing` consumer, `bill`).
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { examplesOf, root, runExample } from '../../support/tsdocExamples.js'
import type * as Fixtures from './fixtures/examples.js'
import { inCi, natsUrl, skipReason } from './nats.js'

const dir = join(root, 'src/brokers/nats-jetstream')
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => join(dir, f))
const examples = files.flatMap(examplesOf)
const fixtures = 'test/brokers/nats-jetstream/fixtures/examples.ts'
const modules = ['src/brokers/nats-jetstream/index.ts', fixtures]

if (natsUrl === undefined && !inCi) {
  console.warn(skipReason)
  describe.skip(`TSDoc examples of sluice/nats (${skipReason})`, () => {
    it('needs NATS_URL', () => {})
  })
} else {
  describe('TSDoc examples of sluice/nats', () => {
    const scope = import(pathToFileURL(join(root, fixtures)).href) as Promise<typeof Fixtures>
    beforeEach(async () => (await scope).resetOrders())
    afterAll(async () => (await scope).closeExamples())

    it('has an example for every export', () => expect(examples.length).toBeGreaterThanOrEqual(14))

    examples.forEach((ex, k) => {
      it(`${ex.where} #${k}`, async () => {
        const checks = await runExample(ex, { modules })
        expect(checks, `${ex.where}: the example checks a value`).toBeGreaterThan(0)
      })
    })
  })
}
