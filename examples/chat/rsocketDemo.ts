/**
 * `npx tsx examples/chat/rsocketDemo.ts [--messages 200]`: the chat's read side in another process.
 * Writers post messages through `ChatService`; the read side is served over RSocket/TCP on
 * loopback; a second Node process (`remoteReader.ts`) follows the live messages in small batches
 * and reports what it saw.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ulid } from 'ulid'
import { InMemoryEventStore } from '../../src/eventstore/index.js'
import { ChatService } from './ChatService.js'
import type { MessagePostedPayload } from './messages.js'
import { serveReadSide } from './readSideServer.js'
import type { RoomState } from './Room.js'

/** Runs the demo; resolves with the remote reader's summary. */
export async function runRSocketDemo(messages: number): Promise<{ read: number; problems: string[]; [k: string]: unknown }> {
  const store = new InMemoryEventStore<MessagePostedPayload, RoomState>()
  const service = new ChatService(store)
  const server = await serveReadSide(store, service, { token: 'chat-demo' })
  const reader = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./remoteReader.ts', import.meta.url)), String(server.address.port), String(messages), 'chat-demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  reader.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => reader.once('exit', resolve))
  // Writers post while the reader follows live.
  let posted = 0
  let stop = false
  const writers = ['room-1', 'room-2'].map(async (room, w) => {
    while (!stop && posted < messages * 2) {
      posted++
      await service.handle({ type: 'PostMessage', id: ulid(), aggregateId: room, content: `message ${posted}`, senderId: `writer-${w}`, replyTo: () => {} })
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  })
  const code = await exited
  stop = true
  await Promise.all(writers)
  await server.close()
  await store.close()
  if (code !== 0) throw new Error(`remote reader exited with ${code}`)
  return JSON.parse(output.trim()) as { read: number; problems: string[] }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--messages')
  const summary = await runRSocketDemo(i >= 0 ? Number(process.argv[i + 1]) : 200)
  console.log(`remote reader: ${JSON.stringify(summary)}`)
}
