/**
 * The room aggregate: its state is rebuilt from its events, and it decides whether a command
 * becomes an event.
 */
import type { EventEnvelope } from '../../src/eventstore/index.js'
import type { MessagePosted, MessagePostedPayload, PostMessage, PostMessageError } from './messages.js'

export const MAX_CONTENT_LENGTH = 1000

/** What a room needs to know to decide: how many messages it has, and its last sequence number. */
export interface RoomState {
  readonly messages: number
  readonly sequenceNumber: number
}

export const emptyRoom: RoomState = { messages: 0, sequenceNumber: 0 }

/** Applies one stored event to the state (state is a fold over the events). */
export function applyEvent(state: RoomState, event: EventEnvelope<MessagePostedPayload>): RoomState {
  return event.type === 'MessagePosted' ? { messages: state.messages + 1, sequenceNumber: event.sequenceNumber } : { ...state, sequenceNumber: event.sequenceNumber }
}

/** Decides: the payload of the event to record, or why the command is refused. */
export function decide(_state: RoomState, command: PostMessage): MessagePostedPayload | PostMessageError {
  if (command.content.trim().length === 0) return { kind: 'EmptyContent' }
  if (command.content.length > MAX_CONTENT_LENGTH) return { kind: 'ContentTooLong', length: command.content.length, max: MAX_CONTENT_LENGTH }
  return { content: command.content, senderId: command.senderId }
}

/** The event as the talk draws it, from its stored envelope. */
export function toMessagePosted(e: EventEnvelope<MessagePostedPayload>): MessagePosted {
  return {
    type: 'MessagePosted',
    id: e.id,
    aggregateId: e.aggregateId,
    occurredAt: e.occurredAt,
    sequenceNumber: e.sequenceNumber,
    content: e.payload.content,
    senderId: e.payload.senderId,
  }
}
