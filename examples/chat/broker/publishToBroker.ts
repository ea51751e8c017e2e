/**
 * The publishing side: a projection that reads every `MessagePosted` from the event store and
 * publishes it to NATS JetStream, at least once, with the event's id as `Nats-Msg-Id` so that the
 * broker stores a republished event once (JetStream's duplicate window). Each group of events is
 * published through `jetStreamSink` (PubAcks awaited, a bounded number in flight) before the
 * projection saves its offset: a crash between the two republishes, and the broker drops the
 * duplicates.
 */
import type { NatsConnection } from '@nats-io/transport-node'
import { jetStreamSink, type JetStreamRecord } from '../../../src/brokers/nats-jetstream/index.js'
import { Source } from '../../../src/dsl/Source.js'
import type { EventEnvelope, EventStore } from '../../../src/eventstore/index.js'
import { Projection, ProjectionId, SourceProvider, type OffsetStore } from '../../../src/projection/index.js'
import type { MessagePostedPayload } from '../messages.js'

export function publishToBroker(store: EventStore<MessagePostedPayload>, offsets: OffsetStore, nc: NatsConnection, subject: string) {
  return Projection.atLeastOnceGrouped<EventEnvelope<MessagePostedPayload>>({
    id: ProjectionId.of('chat-to-nats'),
    sourceProvider: SourceProvider.allEvents(store),
    offsetStore: offsets,
    group: { size: 200, within: '20ms' },
    handler: async (events) => {
      const records = events.map(
        (e): JetStreamRecord => ({
          subject: `${subject}.${e.aggregateId}`,
          msgId: e.id,
          data: JSON.stringify({ id: e.id, room: e.aggregateId, sequenceNumber: e.sequenceNumber, senderId: e.payload.senderId, content: e.payload.content }),
        }),
      )
      await Source.from(records).runWith(jetStreamSink({ connection: nc, maxInFlight: 64 }))
    },
  })
}
