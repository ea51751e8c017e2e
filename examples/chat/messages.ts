/**
 * The chat's messages, as in the founding talk: a command, its two responses, and the event.
 * Commands ask, responses answer the sender (through `replyTo`), events record what happened.
 */

/** A room is the aggregate: every message posted in it is one of its events. */
export type RoomId = string

/** Command: post `content` in room `aggregateId` as `senderId`; the answer goes to `replyTo`. */
export interface PostMessage {
  readonly type: 'PostMessage'
  /** The command's id (a ULID). */
  readonly id: string
  readonly aggregateId: RoomId
  readonly content: string
  readonly senderId: string
  readonly replyTo: (response: PostMessageResponse) => void
}

/** Response: the message was posted; `messageId` is the id of its `MessagePosted` event. */
export interface PostMessageSucceeded {
  readonly type: 'PostMessageSucceeded'
  /** The id of the command this answers. */
  readonly id: string
  readonly messageId: string
}

/** Response: the message was refused, and why. */
export interface PostMessageFailed {
  readonly type: 'PostMessageFailed'
  readonly id: string
  readonly error: PostMessageError
}

export type PostMessageError =
  | { readonly kind: 'EmptyContent' }
  | { readonly kind: 'ContentTooLong'; readonly length: number; readonly max: number }
  | { readonly kind: 'Conflict'; readonly attempts: number }

export type PostMessageResponse = PostMessageSucceeded | PostMessageFailed

/** What the store keeps as the payload of a `MessagePosted` event. */
export interface MessagePostedPayload {
  readonly content: string
  readonly senderId: string
}

/** Event: a message was posted. The envelope's fields plus the payload's, as the talk draws it. */
export interface MessagePosted {
  readonly type: 'MessagePosted'
  /** The event's id (a ULID); also the message's id. */
  readonly id: string
  readonly aggregateId: RoomId
  readonly occurredAt: Date
  readonly sequenceNumber: number
  readonly content: string
  readonly senderId: string
}
