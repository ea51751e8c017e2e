/** The examples of docs/brokers.md run against REDIS_URL and print what their comments say. */
import { testPrintedExamples } from '../../support/printedExamples.js'
import { describeRedis } from './redis.js'

describeRedis('docs/brokers.md', () => {
  testPrintedExamples('docs/brokers.md')
})
