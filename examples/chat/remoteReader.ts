/**
 * `npx tsx examples/chat/remoteReader.ts <port> <count> [token]`: another process reading the chat.
 * It follows `chat.messages` with a buffer of 4 (so it asks for 4, then 2 at a time), takes
 * `count` messages, checks they come in offset order without repeats, and prints a JSON summary.
 */
import { RSocketClient } from '../../src/channels/rsocket/index.js'
import type { RemoteMessage } from './readSideServer.js'

const [portArg, countArg, token] = process.argv.slice(2)
const port = Number(portArg)
const count = Number(countArg ?? 10)
const client = await RSocketClient.connect({ tcp: { host: '127.0.0.1', port }, ...(token === undefined ? {} : { token }) })
const problems: string[] = []
let last = -1
const seen = new Set<string>()
const messages = await client
  .requestStream<RemoteMessage>('chat.messages', { fromOffset: 0 }, { bufferSize: 4 })
  .take(count)
  .map((m) => {
    if (m.offset <= last) problems.push(`offset ${m.offset} after ${last}`)
    if (seen.has(m.id)) problems.push(`${m.id} twice`)
    seen.add(m.id)
    last = m.offset
    return m
  })
  .runCollect()
await client.close()
console.log(JSON.stringify({ read: messages.length, firstOffset: messages[0]?.offset, lastOffset: last, rooms: [...new Set(messages.map((m) => m.aggregateId))].sort(), problems }))
