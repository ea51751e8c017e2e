/**
 * sluice/postgres: the event store on PostgreSQL (through `pg` 8, an optional peer dependency).
 *
 * @module
 */
export { PostgresEventStore, type PostgresEventStoreOptions } from './PostgresEventStore.js'
export { PostgresOffsetStore, type PostgresOffsetStoreOptions } from './PostgresOffsetStore.js'
export { PostgresLeaseStore, type PostgresLeaseStoreOptions } from './PostgresLeaseStore.js'
