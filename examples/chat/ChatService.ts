/**
 * Handles `PostMessage` commands against an event store: rebuild the room (snapshot + the events
 * after it), decide, append with the sequence number it was rebuilt at, and answer the sender.
 * When another writer appended first (`OptimisticLockError`) it rebuilds and tries again.
 */
import { OptimisticLockError, type EventStore } from '../../src/eventstore/index.js'
import { ulid } from 'ulid'
import type { MessagePostedPayload, PostMessage, PostMessageResponse } from './messages.js'
import { applyEvent, decide, emptyRoom, type RoomState } from './Room.js'

export interface ChatServiceOptions {
  /** Store a snapshot of the room every this many messages (default 100). */
  readonly snapshotEvery?: number
  /** Attempts before answering `Conflict` (default 20). */
  readonly maxAttempts?: number
}

export class ChatService {
  private readonly snapshotEvery: number
  private readonly maxAttempts: number
  /** Appends that lost a race and were retried (for the demo's summary). */
  conflicts = 0

  constructor(
    private readonly store: EventStore<MessagePostedPayload, RoomState>,
    options: ChatServiceOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery ?? 100
    this.maxAttempts = options.maxAttempts ?? 20
  }

  /** The room's current state: the latest snapshot, then the events after it. */
  async room(roomId: string): Promise<RoomState> {
    const snapshot = await this.store.latestSnapshot(roomId)
    const from = snapshot === undefined ? emptyRoom : snapshot.state
    return this.store.eventsById(roomId, { fromSequenceNumber: from.sequenceNumber + 1 }).runFold(from, applyEvent)
  }

  /** Handles one command; the answer goes to `command.replyTo` and is also returned. */
  async handle(command: PostMessage): Promise<PostMessageResponse> {
    const response = await this.decideAndAppend(command)
    command.replyTo(response)
    return response
  }

  private async decideAndAppend(command: PostMessage): Promise<PostMessageResponse> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const state = await this.room(command.aggregateId)
      const decision = decide(state, command)
      if ('kind' in decision) return { type: 'PostMessageFailed', id: command.id, error: decision }
      const event = { type: 'MessagePosted', payload: decision, id: ulid() }
      const options = { expectedSequenceNumber: state.sequenceNumber }
      const next: RoomState = { messages: state.messages + 1, sequenceNumber: state.sequenceNumber + 1 }
      try {
        const [posted] =
          next.messages % this.snapshotEvery === 0
            ? await this.store.appendWithSnapshot(command.aggregateId, [event], next, options)
            : await this.store.append(command.aggregateId, [event], options)
        return { type: 'PostMessageSucceeded', id: command.id, messageId: posted!.id }
      } catch (e) {
        if (!(e instanceof OptimisticLockError)) throw e
        this.conflicts++
      }
    }
    return { type: 'PostMessageFailed', id: command.id, error: { kind: 'Conflict', attempts: this.maxAttempts } }
  }
}
