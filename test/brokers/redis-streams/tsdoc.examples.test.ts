/**
 * The `@example` blocks in the TSDoc of sluice/redis, compiled and run against REDIS_URL (database
 * 9, flushed before each) with test/support/tsdocExamples.ts; every example must check a value.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeEach, expect, it } from 'vitest'
import { examplesOf, root, runExample } from '../../support/tsdocExamples.js'
import { client } from './exampleScope.js'
import { describeRedis } from './redis.js'

const dir = join(root, 'src/brokers/redis-streams')
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => join(dir, f))
const examples = files.flatMap(examplesOf)
const modules = ['src/brokers/redis-streams/index.ts', 'test/brokers/redis-streams/exampleScope.ts']

describeRedis('TSDoc examples of sluice/redis', () => {
  beforeEach(async () => {
    if (client.status === 'wait') await client.connect()
    await client.flushdb()
  })
  afterAll(async () => {
    if (client.status !== 'wait') await client.quit()
  })

  it('has an example for every export', () => expect(examples.length).toBeGreaterThanOrEqual(17))

  examples.forEach((ex, k) => {
    it(`${ex.where} #${k}`, async () => {
      const checks = await runExample(ex, { modules })
      expect(checks, `${ex.where}: the example checks a value`).toBeGreaterThan(0)
    })
  })
})
