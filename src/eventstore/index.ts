/**
 * sluice/eventstore: the event store's model, its interface, the in-memory backend, and
 * subscriptions as Sources. SQLite and PostgreSQL backends are in `sluice/sqlite` and
 * `sluice/postgres`.
 *
 * @module
 */
export type { EventEnvelope, NewEvent, Snapshot } from './EventEnvelope.js'
export type {
  AppendOptions,
  EventCountQuery,
  EventsByIdOptions,
  EventStore,
  RetryOptions,
  SliceRangeOptions,
  SubscriptionOptions,
} from './EventStore.js'
export type { EventStoreOptions, StoredPage, StoredSnapshot, WriteRequest } from './internal/EventStoreBase.js'
export type { SubscriptionControl } from './SubscriptionControl.js'
export { jsonSerializer, type Serializer } from './Serializer.js'
export { sliceOf, SLICE_COUNT } from './sliceOf.js'
export {
  OptimisticLockError,
  SerializationError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  EventStoreClosedError,
} from './errors.js'
export { InMemoryEventStore } from './InMemoryEventStore.js'
