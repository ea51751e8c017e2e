/**
 * The chat over a broker: writers post messages (event store, in memory), a projection publishes
 * them to NATS JetStream (`publishToBroker`), and a separate process (`notifier.ts`) consumes them
 * from a durable pull consumer into its notification read model. At the end the demo checks that
 * the notifier saw every message once per room, as the fold of the events says.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { AckPolicy, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { ulid } from 'ulid'
import { InMemoryEventStore } from '../../../src/eventstore/index.js'
import { InMemoryOffsetStore } from '../../../src/projection/index.js'
import { ChatService } from '../ChatService.js'
import type { MessagePostedPayload } from '../messages.js'
import type { RoomState } from '../Room.js'
import { publishToBroker } from './publishToBroker.js'

export interface BrokerDemoSummary {
  readonly written: number
  readonly notified: number
  readonly problems: string[]
}

export async function runBrokerDemo(natsUrl: string, messages = 300, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<BrokerDemoSummary> {
  const stream = `CHAT_${Date.now().toString(36).toUpperCase()}`
  const subject = `chat.${stream.toLowerCase()}`
  const nc = await connect({ servers: natsUrl })
  const jsm = await jetstreamManager(nc)
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] })
  await jsm.consumers.add(stream, { durable_name: 'notifier', ack_policy: AckPolicy.Explicit })
  const problems: string[] = []
  const store = new InMemoryEventStore<MessagePostedPayload, RoomState>()
  const publishing = publishToBroker(store, new InMemoryOffsetStore(), nc, subject).run()
  const notifier = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./notifier.ts', import.meta.url)), natsUrl, stream, String(messages)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  notifier.stdout.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((resolve) => notifier.on('exit', (code) => resolve(code)))
  try {
    const service = new ChatService(store)
    const rooms = ['room-1', 'room-2', 'room-3']
    let written = 0
    for (let i = 0; i < messages; i++) {
      await service.handle({
        type: 'PostMessage',
        id: ulid(),
        aggregateId: rooms[i % rooms.length]!,
        content: `message ${i}`,
        senderId: `user-${i % 4}`,
        replyTo: (r) => void (r.type === 'PostMessageSucceeded' && written++),
      })
    }
    out(`wrote ${written} messages; publishing to JetStream stream ${stream} and waiting for the notifier process\n`)
    const code = await exited
    await publishing.whenCaughtUp()
    if (code !== 0) problems.push(`the notifier exited with ${code}`)
    const result = JSON.parse(output.trim() || '{}') as { messages?: number; notifications?: Record<string, number> }
    const expected: Record<string, number> = {}
    for (const e of await store.allEvents().take(written).runCollect()) expected[e.aggregateId] = (expected[e.aggregateId] ?? 0) + 1
    if (JSON.stringify(result.notifications) !== JSON.stringify(expected)) problems.push(`notifications ${JSON.stringify(result.notifications)} differ from the events ${JSON.stringify(expected)}`)
    const info = await jsm.streams.info(stream)
    if (info.state.messages !== written) problems.push(`the stream holds ${info.state.messages} messages for ${written} events`)
    out(`notifier: ${result.messages ?? 0} messages, notifications per room ${JSON.stringify(result.notifications)}; stream holds ${info.state.messages}\n`)
    out(problems.length === 0 ? 'ok: every message went through the broker once and was notified once\n' : `PROBLEMS:\n  ${problems.join('\n  ')}\n`)
    return { written, notified: result.messages ?? 0, problems }
  } finally {
    if (notifier.exitCode === null) notifier.kill('SIGKILL')
    await publishing.stop()
    await jsm.streams.delete(stream).catch(() => {})
    await nc.close()
    await store.close()
  }
}
