/**
 * `npm run demo:broker` (needs a NATS server with JetStream: `source .ci/brokers.sh start`, which
 * sets NATS_URL): the chat's messages go through NATS JetStream to a notifier in another process.
 */
import { runBrokerDemo } from './runBrokerDemo.js'

const url = process.env.NATS_URL
if (url === undefined) {
  console.error('demo:broker needs NATS_URL (for example: source .ci/brokers.sh start)')
  process.exit(2)
}
const summary = await runBrokerDemo(url)
process.exit(summary.problems.length === 0 ? 0 : 1)
