/**
 * sluice/projection: read models built from event streams, with saved offsets, delivery
 * guarantees (exactly-once, at-least-once, at-most-once, grouped), a per-aggregate sequence
 * guard, failure strategies, restart with backoff, management (pause, resume, set and clear the
 * offset, caught-up, status and lag) and leases for scale-out. The memory offset store is here;
 * the SQLite and PostgreSQL ones are in `sluice/sqlite` and `sluice/postgres`.
 *
 * @module
 */
export { ProjectionId } from './ProjectionId.js'
export type { Offset, OffsetEnvelope } from './Offset.js'
export type { OffsetStore, OffsetUpdate, StoredOffset, TransactionalOffsetStore } from './OffsetStore.js'
export type { LeaseStore } from './LeaseStore.js'
export { InMemoryOffsetStore, type InMemoryOffsetStoreOptions, type InMemoryTransaction } from './InMemoryOffsetStore.js'
export { SourceProvider, type EventStoreProviderOptions } from './SourceProvider.js'
export { HandlerRecovery } from './HandlerRecovery.js'
export { Projection, type GroupSettings, type ProjectionSettings, type SaveOffsetSettings } from './Projection.js'
export type { ProjectionControl } from './ProjectionControl.js'
export type { ProjectionEvent, ProjectionStatus } from './ProjectionStatus.js'
export type { GapPolicy } from './internal/SequenceGuard.js'
export { HandlerError, OffsetConflictError, ProjectionStoppedError, SequenceGapError } from './errors.js'
export { ScaleOut, sliceRanges, type ScaleOutControl, type ScaleOutEvent, type ScaleOutOptions, type SliceRange } from './ScaleOut.js'
export { InMemoryLeaseStore, type InMemoryLeaseStoreOptions } from './InMemoryLeaseStore.js'
export { StoreClosedError } from './StoreClosedError.js'
export { TestSourceProvider } from './TestSourceProvider.js'
export { ProjectionTestKit, type ProjectionTestOptions } from './ProjectionTestKit.js'
