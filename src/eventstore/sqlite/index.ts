/**
 * sluice/sqlite: the event store in a SQLite file (better-sqlite3 12, an optional peer dependency).
 *
 * @module
 */
export { SqliteEventStore, type SqliteEventStoreOptions } from './SqliteEventStore.js'
export { SqliteOffsetStore, type SqliteOffsetStoreOptions } from './SqliteOffsetStore.js'
export { SqliteLeaseStore, type SqliteLeaseStoreOptions } from './SqliteLeaseStore.js'
