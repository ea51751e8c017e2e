/**
 * The contract every offset store (memory, SQLite, PostgreSQL) keeps.
 *
 * @module
 */
import type { Offset } from './Offset.js'
import type { ProjectionId } from './ProjectionId.js'

/**
 * What an offset store holds for one projection id.
 *
 * @category projection
 * @since 0.2.0
 */
export interface StoredOffset {
  /** The offset of the last envelope processed, or `undefined`: start from the beginning. */
  readonly offset: Offset | undefined
  /**
   * The last sequence number processed per aggregate, for the sequence guard. Only a recent
   * window is kept (the store's `sequenceWindow`, most recently advanced first to stay).
   */
  readonly sequences: ReadonlyMap<string, number>
  /** A paused projection stays paused across restarts until resumed. */
  readonly paused: boolean
  /**
   * Bumped by every write of the offset (saves and management). A save names the version it
   * read; if another instance wrote in between, the save fails with `OffsetConflictError`. `0`
   * when the row does not exist.
   */
  readonly version: number
}

/**
 * What a save writes: the new offset and the sequence numbers that advanced since the last save.
 *
 * @category projection
 * @since 0.2.0
 */
export interface OffsetUpdate {
  readonly offset: Offset
  /** Aggregates whose last processed sequence number moved, with the new value. */
  readonly sequences: ReadonlyMap<string, number>
  /**
   * Clear the stored sequence numbers first (then write `sequences`), in the same
   * compare-and-set: what a projection running without the sequence guard sends once, so that the
   * window an earlier guarded run left cannot go stale and report false gaps when the guard is
   * turned on again. A conflicting save clears nothing.
   */
  readonly resetSequences?: boolean
}

/**
 * Where projections keep their offsets. One row per {@link ProjectionId}; every write of the
 * offset is a compare-and-set on `version`, so two instances of one projection can never both
 * advance the same row (the second fails with `OffsetConflictError`, and its projection restarts
 * from what the first saved).
 *
 * @example
 * ```ts
 * const store = new InMemoryOffsetStore()
 * const id = ProjectionId.of('rooms')
 * const before = await store.load(id)                                  // version 0, offset undefined
 * const version = await store.save(id, { offset: 10, sequences: new Map([['room-1', 3]]) }, before.version)
 * ;(await store.load(id)).offset                                        // 10
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface OffsetStore {
  /** `'memory'`, `'sqlite'` or `'postgres'`, for messages. */
  readonly kind: string
  /** The row of `id` (a fresh one, version 0, when there is none). */
  load(id: ProjectionId): Promise<StoredOffset>
  /**
   * Writes `update` if the row is still at `expectedVersion`; resolves with the new version.
   * Rejects with `OffsetConflictError` (nothing written) when it is not.
   */
  save(id: ProjectionId, update: OffsetUpdate, expectedVersion: number): Promise<number>
  /** Management: sets the offset (`undefined`: from the beginning) and clears the sequences; bumps the version. */
  setOffset(id: ProjectionId, offset: Offset | undefined): Promise<void>
  /** Management: persists the paused flag (does not touch the offset or the version). */
  setPaused(id: ProjectionId, paused: boolean): Promise<void>
  /** Releases what the store opened (not what it was given). */
  close(): Promise<void>
}

/**
 * An offset store that can save the offset in the same transaction as the handler's writes:
 * what exactly-once delivery needs. `Tx` is what the handler receives (a better-sqlite3
 * `Database` inside a transaction, a `pg.PoolClient` inside `BEGIN`/`COMMIT`).
 *
 * @example
 * ```ts
 * await store.transaction(async (tx) => {
 *   await writeReadModel(tx, envelope)
 *   await store.saveIn(tx, id, { offset: envelope.offset, sequences: new Map() }, version)
 * })
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface TransactionalOffsetStore<Tx> extends OffsetStore {
  /**
   * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it
   * throws or rejects. (SQLite: `work` must be synchronous; a returned Promise is a `TypeError`.)
   */
  transaction<R>(work: (tx: Tx) => R | Promise<R>): Promise<R>
  /** `save`, inside a transaction `transaction()` opened. */
  saveIn(tx: Tx, id: ProjectionId, update: OffsetUpdate, expectedVersion: number): number | Promise<number>
}
