import { describe, expect, it } from 'vitest'
import { runBrokerDemo } from '../../../examples/chat/broker/runBrokerDemo.js'
import { inCi, natsUrl, skipReason } from '../../brokers/nats-jetstream/nats.js'

const run = natsUrl !== undefined || inCi
if (!run) console.warn(skipReason)

describe.runIf(run)('the chat over NATS JetStream (examples/chat/broker)', () => {
  it('publishes every MessagePosted through a projection and a separate notifier process sees each once', async () => {
    if (natsUrl === undefined) throw new Error('NATS_URL is not set: CI must run the broker suites (.ci/brokers.sh start)')
    const lines: string[] = []
    const summary = await runBrokerDemo(natsUrl, 150, (s) => lines.push(s))
    expect(summary.problems).toEqual([])
    expect(summary).toMatchObject({ written: 150, notified: 150 })
    expect(lines.join('')).toContain('ok: every message went through the broker once and was notified once')
  }, 60_000)
})
