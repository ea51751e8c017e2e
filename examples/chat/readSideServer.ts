/**
 * The chat's read side served to other processes over RSocket: `chat.messages` streams every
 * `MessagePosted` from an offset on and then live, with the client's REQUEST_N as the demand of
 * the store subscription (a client that reads slowly slows the subscription, nothing piles up);
 * `chat.post` takes a `PostMessage` over the network and answers with the command's response.
 */
import { RSocketRoute, RSocketServer } from '../../src/channels/rsocket/index.js'
import type { EventStore } from '../../src/eventstore/index.js'
import type { ChatService } from './ChatService.js'
import type { MessagePosted, MessagePostedPayload, PostMessage, PostMessageResponse } from './messages.js'
import { toMessagePosted, type RoomState } from './Room.js'

/** A `MessagePosted` as it travels: with the store offset, to resume from after a reconnect. */
export interface RemoteMessage extends Omit<MessagePosted, 'occurredAt'> {
  readonly offset: number
  readonly occurredAt: string
}

export interface ReadSideOptions {
  readonly host?: string
  readonly port?: number
  readonly token?: string
}

export function serveReadSide(store: EventStore<MessagePostedPayload, RoomState>, service: ChatService, options: ReadSideOptions = {}): Promise<RSocketServer> {
  return RSocketServer.listen({
    tcp: { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
    ...(options.token === undefined ? {} : { token: options.token }),
    routes: {
      'chat.messages': RSocketRoute.stream((request: { fromOffset?: number } | null) =>
        store.allEvents({ fromOffset: request?.fromOffset ?? 0 }).map((e) => ({ ...toMessagePosted(e), offset: e.offset })),
      ),
      'chat.post': RSocketRoute.response(
        (command: Omit<PostMessage, 'replyTo'>): Promise<PostMessageResponse> => service.handle({ ...command, type: 'PostMessage', replyTo: () => {} }),
      ),
    },
  })
}
