import { describe, expect, it } from 'vitest'
import { InMemoryEventStore } from '../../../src/eventstore/index.js'
import { ChatService } from '../../../examples/chat/ChatService.js'
import type { MessagePostedPayload, PostMessage, PostMessageResponse } from '../../../examples/chat/messages.js'
import { toMessagePosted, type RoomState } from '../../../examples/chat/Room.js'
import { runDemo } from '../../../examples/chat/runDemo.js'

function command(content: string, replies: PostMessageResponse[], room = 'room-1'): PostMessage {
  return { type: 'PostMessage', id: `cmd-${replies.length}`, aggregateId: room, content, senderId: 'alice', replyTo: (r) => replies.push(r) }
}

describe('chat example', () => {
  it('answers PostMessage with PostMessageSucceeded and records MessagePosted', async () => {
    const store = new InMemoryEventStore<MessagePostedPayload, RoomState>()
    const service = new ChatService(store)
    const replies: PostMessageResponse[] = []
    const response = await service.handle(command('hello', replies))
    expect(replies).toEqual([response])
    expect(response.type).toBe('PostMessageSucceeded')
    const [event] = (await store.eventsById('room-1').runCollect()).map(toMessagePosted)
    expect(event).toMatchObject({ type: 'MessagePosted', aggregateId: 'room-1', sequenceNumber: 1, content: 'hello', senderId: 'alice' })
    expect(response).toMatchObject({ messageId: event!.id })
  })

  it('answers PostMessageFailed for an empty or too long message, and records nothing', async () => {
    const store = new InMemoryEventStore<MessagePostedPayload, RoomState>()
    const service = new ChatService(store)
    const replies: PostMessageResponse[] = []
    await service.handle(command('  ', replies))
    await service.handle(command('x'.repeat(1001), replies))
    expect(replies.map((r) => (r.type === 'PostMessageFailed' ? r.error.kind : r.type))).toEqual(['EmptyContent', 'ContentTooLong'])
    expect(await store.eventsById('room-1').runCollect()).toEqual([])
  })

  it('rebuilds rooms from snapshots and retries when a concurrent writer wins', async () => {
    const store = new InMemoryEventStore<MessagePostedPayload, RoomState>()
    const service = new ChatService(store, { snapshotEvery: 5 })
    const replies: PostMessageResponse[] = []
    await Promise.all(Array.from({ length: 12 }, (_, i) => service.handle(command(`m${i}`, replies))))
    expect(replies.every((r) => r.type === 'PostMessageSucceeded')).toBe(true)
    expect(service.conflicts).toBeGreaterThan(0)
    expect(await service.room('room-1')).toEqual({ messages: 12, sequenceNumber: 12 })
    expect(await store.latestSnapshot('room-1')).toMatchObject({ sequenceNumber: 10, state: { messages: 10, sequenceNumber: 10 } })
  })

  it('runs the demo on the in-memory store: every message written is read once, in order', async () => {
    let output = ''
    const summary = await runDemo({ store: 'memory', writers: 3, rooms: 2, seconds: 0.5, tty: false, out: (t) => (output += t) })
    expect(summary.problems).toEqual([])
    expect(summary.written).toBeGreaterThan(0)
    expect(summary.read).toBe(summary.written)
    expect(output).toMatch(/written \d+ {2}read \d+ {2}lag 0/)
    expect(output).toMatch(/^ok: /m)
  })
})
