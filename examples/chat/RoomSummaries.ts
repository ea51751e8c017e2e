/**
 * The chat's read model, built by a projection: per room, how many messages were posted and the
 * last few of them. The projection runs exactly-once on the offset store it is given (in memory
 * for the demo), so stopping and restarting it never counts a message twice or misses one.
 */
import type { EventEnvelope, EventStore } from '../../src/eventstore/index.js'
import { Projection, ProjectionId, SourceProvider, type ProjectionEvent, type TransactionalOffsetStore } from '../../src/projection/index.js'
import type { MessagePostedPayload } from './messages.js'

export interface RoomSummary {
  readonly messages: number
  /** The last `keep` messages, oldest first: `sender: content`. */
  readonly last: readonly string[]
}

export class RoomSummaries {
  readonly rooms = new Map<string, RoomSummary>()
  constructor(private readonly keep = 3) {}

  apply(event: EventEnvelope<MessagePostedPayload>): void {
    const before = this.rooms.get(event.aggregateId) ?? { messages: 0, last: [] }
    const line = `${event.payload.senderId}: ${event.payload.content}`
    this.rooms.set(event.aggregateId, { messages: before.messages + 1, last: [...before.last, line].slice(-this.keep) })
  }

  /** The read model as the fold of `events` would make it (to check the projection against). */
  static fold(events: readonly EventEnvelope<MessagePostedPayload>[], keep = 3): RoomSummaries {
    const model = new RoomSummaries(keep)
    for (const e of events) model.apply(e)
    return model
  }

  /**
   * The projection that keeps `model` up to date from every event of `store`. The model lives in
   * memory here, so the handler's "transaction" is just the apply; with SQLite or PostgreSQL the
   * handler would write its rows through the transaction it is given.
   */
  static projection<Tx>(
    store: EventStore<MessagePostedPayload>,
    offsets: TransactionalOffsetStore<Tx>,
    model: RoomSummaries,
    onStatus?: (event: ProjectionEvent) => void,
  ) {
    return Projection.exactlyOnceGrouped<EventEnvelope<MessagePostedPayload>, Tx>({
      id: ProjectionId.of('room-summaries'),
      sourceProvider: SourceProvider.allEvents(store),
      offsetStore: offsets,
      group: { size: 100, within: '50ms' },
      handler: (events) => {
        for (const e of events) model.apply(e)
      },
      ...(onStatus === undefined ? {} : { onStatus }),
    })
  }
}
