/**
 * Projection offsets in a SQLite database, through better-sqlite3.
 *
 * @module
 */
import Database from 'better-sqlite3'
import { requireNonNegativeInt } from '../../core/args.js'
import { OffsetConflictError } from '../../projection/errors.js'
import type { Offset } from '../../projection/Offset.js'
import type { OffsetUpdate, StoredOffset, TransactionalOffsetStore } from '../../projection/OffsetStore.js'
import type { ProjectionId } from '../../projection/ProjectionId.js'
import { StoreClosedError } from '../../projection/StoreClosedError.js'
import {
  decodeOffset,
  encodeOffset,
  lastEntries,
  requireBoolean,
  requireOffset,
  requirePrefix,
  requireProjectionId,
  requireUpdate,
  requireVersion,
  requireWindow,
  show,
} from '../../projection/internal/storeChecks.js'
import { requireOptions } from '../internal/checks.js'

/**
 * Options of {@link SqliteOffsetStore}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface SqliteOffsetStoreOptions {
  /** Prefix of the store's tables (default `'sluice_'`: `sluice_projection_offsets`, `sluice_projection_sequences`). */
  readonly tablePrefix?: string
  /**
   * How many aggregates' sequence numbers a row keeps for the sequence guard (default 1000): the
   * most recently advanced ones. An envelope of an aggregate that fell out of the window is not
   * checked for duplicates or gaps.
   */
  readonly sequenceWindow?: number
  /** How long a write waits for another connection's write lock before failing (default 5000 ms; set on the database only when given or when the store opens it). */
  readonly busyTimeoutMs?: number
  /** `PRAGMA synchronous` of a database the store opens: `'full'` (default) or `'normal'`. */
  readonly synchronous?: 'full' | 'normal'
}

type OffsetRow = { offset: string | null; offset_type: string | null; version: number; paused: number }
type Written = { version: number; sequence_count: number }

const KIND = 'sqlite offset store'

/**
 * An offset store in a SQLite database (better-sqlite3 12): one row per projection id in
 * `<prefix>projection_offsets` (offset and its type, version, paused flag) and the per-aggregate
 * sequence numbers in `<prefix>projection_sequences`: `load` gives the `sequenceWindow` most
 * recently advanced aggregates; the table keeps at most twice as many per projection and is
 * trimmed back to the window when it could hold more.
 *
 * A save is a compare-and-set: `UPDATE ... WHERE version = expected` (an upsert guarded by
 * `version = 0` for the first one, so two first saves cannot both win). Writes run in
 * `BEGIN IMMEDIATE` transactions, so two connections to one file take turns (up to
 * `busyTimeoutMs`).
 *
 * For exactly-once delivery, put the read model in the same database and write it in
 * {@link SqliteOffsetStore.transaction | transaction()} together with
 * {@link SqliteOffsetStore.saveIn | saveIn()}. The work function must be synchronous
 * (better-sqlite3 is): a function that returns a Promise is refused with a `TypeError` and its
 * writes are rolled back.
 *
 * @example
 * ```ts
 * import { SqliteEventStore, SqliteOffsetStore } from 'sluice/sqlite'
 * import { ProjectionId } from 'sluice/projection'
 * const events = SqliteEventStore.open('app.db')
 * const offsets = new SqliteOffsetStore(events.db)            // same file, same transactions
 * const id = ProjectionId.of('room-summaries')
 * const { version } = await offsets.load(id)
 * await offsets.transaction((tx) => {
 *   tx.prepare('INSERT INTO room_summary (room, count) VALUES (?, 1) ON CONFLICT (room) DO UPDATE SET count = count + 1').run('room-1')
 *   return offsets.saveIn(tx, id, { offset: 1, sequences: new Map([['room-1', 1]]) }, version)
 * })
 * ```
 * @see {@link projection!OffsetStore | OffsetStore}
 * @category projection
 * @since 0.2.0
 */
export class SqliteOffsetStore implements TransactionalOffsetStore<Database.Database> {
  readonly kind = 'sqlite'
  /** The database handle: the `tx` that `transaction()` hands to its work function. */
  readonly db: Database.Database
  /** How many aggregates' sequence numbers a row keeps. */
  readonly sequenceWindow: number
  private readonly ownsDb: boolean
  private closed = false
  private readonly stmt: {
    row: Database.Statement<[string, string], OffsetRow>
    sequences: Database.Statement<[string, string, number], [string, number]>
    insertFirst: Database.Statement<[string, string, string | null, string | null, number], Written>
    update: Database.Statement<[string | null, string | null, number, string, string, number], Written>
    version: Database.Statement<[string, string], { version: number }>
    upsertSequence: Database.Statement<[string, string, string, number, number, number]>
    countSequences: Database.Statement<[string, string], [number]>
    trim: Database.Statement<[string, string, string, string, number]>
    setCount: Database.Statement<[number, string, string]>
    setOffset: Database.Statement<[string, string, string | null, string | null], { version: number }>
    clearSequences: Database.Statement<[string, string]>
    setPaused: Database.Statement<[string, string, number]>
  }
  private readonly loadTx: (id: ProjectionId) => StoredOffset
  private readonly saveTx: Database.Transaction<(id: ProjectionId, update: OffsetUpdate, expected: number) => number>
  private readonly setOffsetTx: Database.Transaction<(id: ProjectionId, offset: Offset | undefined) => void>

  /** Opens (or creates) the database file `filename` in WAL mode; `close()` closes it. */
  static open(filename: string, options: SqliteOffsetStoreOptions = {}): SqliteOffsetStore {
    if (typeof filename !== 'string' || filename.length === 0)
      throw new TypeError(`SqliteOffsetStore.open(filename): expected a file name, got ${show(filename)}`)
    const o = requireOptions('SqliteOffsetStore.open', options)
    const db = new Database(filename)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma(`synchronous = ${o.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
      db.pragma(`busy_timeout = ${o.busyTimeoutMs === undefined ? 5000 : requireNonNegativeInt('SqliteOffsetStore.open', 'busyTimeoutMs', o.busyTimeoutMs)}`)
      return new SqliteOffsetStore(db, options, true)
    } catch (e) {
      db.close()
      throw e
    }
  }

  /**
   * A store on an open database (for example a `SqliteEventStore`'s `db`), which stays yours:
   * `close()` does not close it. Creates the tables when missing.
   */
  constructor(db: Database.Database, options: SqliteOffsetStoreOptions = {}, ownsDb = false) {
    if (!(db instanceof Database)) throw new TypeError(`SqliteOffsetStore(db): expected a better-sqlite3 Database, got ${show(db)}`)
    const o = requireOptions('SqliteOffsetStore', options)
    const prefix = requirePrefix('SqliteOffsetStore', o.tablePrefix)
    this.sequenceWindow = requireWindow('SqliteOffsetStore', o.sequenceWindow)
    if (!ownsDb && o.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${requireNonNegativeInt('SqliteOffsetStore', 'busyTimeoutMs', o.busyTimeoutMs)}`)
    this.db = db
    this.ownsDb = ownsDb
    const offsets = `${prefix}projection_offsets`
    const sequences = `${prefix}projection_sequences`
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${offsets} (
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        "offset" TEXT,
        offset_type TEXT,
        version INTEGER NOT NULL,
        paused INTEGER NOT NULL DEFAULT 0,
        sequence_count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (name, key)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${sequences} (
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        sequence_number INTEGER NOT NULL,
        version INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        PRIMARY KEY (name, key, aggregate_id)
      ) WITHOUT ROWID;
    `)
    // Tables of an earlier 0.2 pre-release: the count column was added, the recency index dropped.
    if (!db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${offsets}')`).all().some((c) => c.name === 'sequence_count'))
      db.exec(`ALTER TABLE ${offsets} ADD COLUMN sequence_count INTEGER NOT NULL DEFAULT 0`)
    db.exec(`DROP INDEX IF EXISTS ${prefix}projection_sequences_recency`)
    // Recency is (version of the save, position in its Map): later saves, and later entries of one
    // save, are more recent. The window is the `sequenceWindow` most recent rows. There is no index
    // on recency (keeping one up to date cost a third of a save): `sequence_count` bounds the rows
    // of a projection from above (it adds every entry saved, inserted or not); when it passes
    // twice the window the rows are counted, and only when they are more than twice the window
    // does one sort find the window's oldest entry, and what is older goes.
    this.stmt = {
      row: db.prepare(`SELECT "offset", offset_type, version, paused FROM ${offsets} WHERE name = ? AND key = ?`),
      sequences: db
        .prepare<[string, string, number], [string, number]>(
          `SELECT aggregate_id, sequence_number FROM ${sequences} WHERE name = ? AND key = ? ORDER BY version DESC, ord DESC LIMIT ?`,
        )
        .raw(true),
      insertFirst: db.prepare(
        `INSERT INTO ${offsets} (name, key, "offset", offset_type, version, paused, sequence_count) VALUES (?, ?, ?, ?, 1, 0, ?)
         ON CONFLICT (name, key) DO UPDATE SET "offset" = excluded."offset", offset_type = excluded.offset_type, version = 1,
           sequence_count = ${offsets}.sequence_count + excluded.sequence_count
         WHERE ${offsets}.version = 0
         RETURNING version, sequence_count`,
      ),
      update: db.prepare(
        `UPDATE ${offsets} SET "offset" = ?, offset_type = ?, version = version + 1, sequence_count = sequence_count + ? WHERE name = ? AND key = ? AND version = ? RETURNING version, sequence_count`,
      ),
      version: db.prepare(`SELECT version FROM ${offsets} WHERE name = ? AND key = ?`),
      upsertSequence: db.prepare(
        `INSERT INTO ${sequences} (name, key, aggregate_id, sequence_number, version, ord) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name, key, aggregate_id) DO UPDATE SET sequence_number = excluded.sequence_number, version = excluded.version, ord = excluded.ord`,
      ),
      countSequences: db.prepare<[string, string], [number]>(`SELECT count(*) FROM ${sequences} WHERE name = ? AND key = ?`).raw(true),
      // Deletes what is older than the window's oldest entry (nothing while there are fewer rows).
      trim: db.prepare(
        `DELETE FROM ${sequences} WHERE name = ? AND key = ? AND (version, ord) < (
           SELECT version, ord FROM ${sequences} WHERE name = ? AND key = ? ORDER BY version DESC, ord DESC LIMIT 1 OFFSET ?)`,
      ),
      setCount: db.prepare(`UPDATE ${offsets} SET sequence_count = ? WHERE name = ? AND key = ?`),
      setOffset: db.prepare(
        `INSERT INTO ${offsets} (name, key, "offset", offset_type, version, paused) VALUES (?, ?, ?, ?, 1, 0)
         ON CONFLICT (name, key) DO UPDATE SET "offset" = excluded."offset", offset_type = excluded.offset_type, version = ${offsets}.version + 1, sequence_count = 0
         RETURNING version`,
      ),
      clearSequences: db.prepare(`DELETE FROM ${sequences} WHERE name = ? AND key = ?`),
      setPaused: db.prepare(
        `INSERT INTO ${offsets} (name, key, "offset", offset_type, version, paused) VALUES (?, ?, NULL, NULL, 0, ?)
         ON CONFLICT (name, key) DO UPDATE SET paused = excluded.paused`,
      ),
    }
    const stmt = this.stmt
    const window = this.sequenceWindow
    // One read transaction, so the row and its sequences come from one snapshot.
    this.loadTx = db.transaction((id: ProjectionId): StoredOffset => {
      const row = stmt.row.get(id.name, id.key)
      const recent = stmt.sequences.all(id.name, id.key, window).reverse()
      if (row === undefined) return { offset: undefined, sequences: new Map(recent), paused: false, version: 0 }
      return { offset: decodeOffset(row.offset, row.offset_type), sequences: new Map(recent), paused: row.paused !== 0, version: row.version }
    })
    this.saveTx = db.transaction((id: ProjectionId, update: OffsetUpdate, expected: number): number => {
      const [text, type] = encodeOffset(update.offset)
      const entries = update.sequences.size === 0 ? [] : lastEntries(update.sequences, window)
      // The compare-and-set also adds the entries to sequence_count, an upper bound of the rows.
      const written =
        expected === 0 ? stmt.insertFirst.get(id.name, id.key, text, type, entries.length) : stmt.update.get(text, type, entries.length, id.name, id.key, expected)
      if (written === undefined) throw new OffsetConflictError(id, expected, stmt.version.get(id.name, id.key)?.version ?? 0)
      if (update.resetSequences === true) {
        stmt.clearSequences.run(id.name, id.key)
        stmt.setCount.run(entries.length, id.name, id.key)
      }
      let ord = 0
      for (const [aggregateId, sequenceNumber] of entries) stmt.upsertSequence.run(id.name, id.key, aggregateId, sequenceNumber, written.version, ord++)
      // Past twice the window the bound is replaced by the count of the rows (entries of known
      // aggregates added to the bound but no row), and only more rows than twice the window are trimmed.
      if (update.resetSequences !== true && written.sequence_count > 2 * window) {
        let count = stmt.countSequences.get(id.name, id.key)![0]
        if (count > 2 * window) {
          stmt.trim.run(id.name, id.key, id.name, id.key, window - 1)
          count = window
        }
        stmt.setCount.run(count, id.name, id.key)
      }
      return written.version
    })
    this.setOffsetTx = db.transaction((id: ProjectionId, offset: Offset | undefined): void => {
      const [text, type] = encodeOffset(offset)
      stmt.setOffset.get(id.name, id.key, text, type)
      stmt.clearSequences.run(id.name, id.key)
    })
  }

  async load(id: ProjectionId): Promise<StoredOffset> {
    this.open('load')
    return this.loadTx(requireProjectionId('load', id))
  }

  async save(id: ProjectionId, update: OffsetUpdate, expectedVersion: number): Promise<number> {
    return this.write('save', id, update, expectedVersion)
  }

  /**
   * `save`, inside the transaction `transaction()` opened: `tx` must be this store's database, in
   * that transaction. Synchronous; throws `OffsetConflictError`, which rolls the transaction back
   * when it propagates out of the work function.
   */
  saveIn(tx: Database.Database, id: ProjectionId, update: OffsetUpdate, expectedVersion: number): number {
    if (tx !== this.db || !tx.inTransaction)
      throw new TypeError(`saveIn(tx): expected the database this store's transaction() handed to its work function, inside that transaction`)
    return this.write('saveIn', id, update, expectedVersion)
  }

  async setOffset(id: ProjectionId, offset: Offset | undefined): Promise<void> {
    this.open('setOffset')
    const checked = requireProjectionId('setOffset', id)
    this.setOffsetTx.immediate(checked, requireOffset('setOffset', 'offset', offset, true))
  }

  async setPaused(id: ProjectionId, paused: boolean): Promise<void> {
    this.open('setPaused')
    const checked = requireProjectionId('setPaused', id)
    this.stmt.setPaused.run(checked.name, checked.key, requireBoolean('setPaused', 'paused', paused) ? 1 : 0)
  }

  /**
   * Runs `work` with the database in one `BEGIN IMMEDIATE` transaction (a savepoint when one is
   * already open): it commits when `work` returns and rolls back when it throws. `work` must be
   * synchronous: when it returns a Promise (or any thenable), the transaction is rolled back and
   * the call rejects with a `TypeError`.
   */
  async transaction<R>(work: (tx: Database.Database) => R | Promise<R>): Promise<R> {
    this.open('transaction')
    if (typeof work !== 'function') throw new TypeError(`transaction(work): expected a function, got ${show(work)}`)
    const run = this.db.transaction((): R => {
      const result = work(this.db)
      if (isThenable(result)) {
        // Its rejection, if any, is not ours to report: the transaction is refused either way.
        Promise.resolve(result).catch(() => {})
        throw new TypeError(
          'transaction(work): work returned a Promise, but SQLite transactions are synchronous (better-sqlite3); do the writes synchronously. The transaction was rolled back.',
        )
      }
      return result as R
    })
    return run.immediate()
  }

  /** Marks the store closed; closes the database only when `SqliteOffsetStore.open` opened it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.ownsDb && this.db.open) this.db.close()
  }

  private write(op: string, id: ProjectionId, update: OffsetUpdate, expectedVersion: number): number {
    this.open(op)
    const checked = requireProjectionId(op, id)
    requireUpdate(op, update)
    const expected = requireVersion(op, expectedVersion)
    return this.db.inTransaction ? this.saveTx(checked, update, expected) : this.saveTx.immediate(checked, update, expected)
  }

  private open(op: string): void {
    if (this.closed) throw new StoreClosedError(op, KIND)
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
