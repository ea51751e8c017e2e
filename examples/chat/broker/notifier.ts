/**
 * The consuming side, a separate process: `node --import tsx notifier.ts <NATS_URL> <stream> <count>`.
 * It consumes the chat's messages from a durable JetStream pull consumer (fetch size = demand),
 * keeps a notification read model (per user: how many messages others posted in rooms they wrote
 * to... kept simple here: per room, the senders notified and the number of notifications), and
 * acknowledges each message only after the projection saved it. It prints the read model as JSON
 * once it has seen `count` distinct messages, then stops.
 */
import { connect } from '@nats-io/transport-node'
import { jetStreamSource, type JetStreamEnvelope } from '../../../src/brokers/nats-jetstream/index.js'
import { InMemoryOffsetStore, Projection, ProjectionId, SourceProvider } from '../../../src/projection/index.js'

interface Posted {
  readonly id: string
  readonly room: string
  readonly senderId: string
  readonly content: string
}

const [url, stream, countArg] = process.argv.slice(2) as [string, string, string]
const expected = Number(countArg)
const nc = await connect({ servers: url })
const seen = new Set<string>()
const notifications = new Map<string, number>() // room -> notifications sent (one per distinct message)
let done!: () => void
const finished = new Promise<void>((resolve) => (done = resolve))

const control = Projection.atLeastOnce<JetStreamEnvelope<Posted>>({
  id: ProjectionId.of('chat-notifications'),
  // the broker keeps the consumer's position: the projection acknowledges after each save
  sourceProvider: SourceProvider.fromSource(() =>
    jetStreamSource<Posted>({ connection: nc, stream, consumer: 'notifier', batch: 100, decode: (data) => JSON.parse(new TextDecoder().decode(data)) as Posted }),
  ),
  offsetStore: new InMemoryOffsetStore(),
  saveOffset: { afterEnvelopes: 50, afterDuration: '50ms' },
  // idempotent: a redelivered message (same id) notifies nobody twice
  handler: (e) => {
    if (seen.has(e.payload.id)) return
    seen.add(e.payload.id)
    notifications.set(e.payload.room, (notifications.get(e.payload.room) ?? 0) + 1)
    if (seen.size === expected) done()
  },
}).run()

await finished
await control.stop()
await nc.close()
process.stdout.write(`${JSON.stringify({ messages: seen.size, notifications: Object.fromEntries([...notifications].sort()) })}\n`)
