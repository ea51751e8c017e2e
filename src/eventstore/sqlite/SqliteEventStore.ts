/**
 * The event store in a SQLite file, through better-sqlite3 (synchronous, WAL mode).
 *
 * @module
 */
import Database from 'better-sqlite3'
import { requireNonNegativeInt } from '../../core/args.js'
import type { EventEnvelope } from '../EventEnvelope.js'
import type { EventCountQuery } from '../EventStore.js'
import { DuplicateEventIdError, EventStoreUnavailableError, OptimisticLockError } from '../errors.js'
import {
  EventStoreBase,
  type EventStoreOptions,
  type StoredPage,
  type StoredSnapshot,
  type WriteRequest,
} from '../internal/EventStoreBase.js'
import { requireOptions } from '../internal/checks.js'
import type { PreparedEvent } from '../internal/prepareAppend.js'

/**
 * Options of {@link SqliteEventStore}.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface SqliteEventStoreOptions extends EventStoreOptions {
  /** Prefix of the store's tables (default `'sluice_'`: `sluice_events`, `sluice_event_tags`, `sluice_snapshots`). */
  readonly tablePrefix?: string
  /**
   * At the head, subscriptions look again after this long (default 100 ms). Appends through this
   * store wake them at once; the poll is for writes from other connections or processes.
   */
  readonly pollIntervalMs?: number
  /** How long a write waits for another connection's write lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number
  /**
   * `PRAGMA synchronous` for a database this store opens: `'full'` (default; a commit survives a
   * power loss) or `'normal'` (faster; in WAL mode a commit survives a crash of the process but
   * the last ones may be lost with the power).
   */
  readonly synchronous?: 'full' | 'normal'
}

type Row = [offset: number, id: string, aggregateId: string, sequenceNumber: number, occurredAt: number, type: string, payload: string, tags: string | null]

const NO_TAGS: readonly string[] = Object.freeze([])

/** Errors that mean "the database cannot be used right now" rather than "this request is wrong". */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string')
    return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_FULL'
  return error instanceof TypeError && /database connection is not open/.test(error.message)
}

/**
 * An event store in a SQLite database file (better-sqlite3 12, WAL mode). Offsets are the rowids
 * of the events table.
 *
 * **Why a subscription never skips an event here.** SQLite has one writer at a time: an append
 * runs in a `BEGIN IMMEDIATE` transaction, which holds the database's write lock from before it
 * takes its first rowid until after it commits. The next writer takes the lock only then, and its
 * rowids are larger than every committed one. So offsets are handed out in commit order, every
 * snapshot a reader can see holds a prefix of the offsets, and "read after the last offset I
 * emitted" cannot miss an event that commits later. (PostgreSQL needs more care: see
 * `PostgresEventStore`.)
 *
 * Reads are synchronous (better-sqlite3 is), so a page is read inside the pull that asked for it.
 * Appends through this store wake its subscriptions at once; writes from elsewhere are seen by
 * polling (`pollIntervalMs`).
 *
 * @example
 * ```ts
 * import { SqliteEventStore } from 'sluice/sqlite'
 * const store = SqliteEventStore.open('events.db')
 * await store.append('room-1', [{ type: 'MessagePosted', payload: { content: 'hi' } }], { expectedSequenceNumber: 0 })
 * await store.close()
 * ```
 * @see {@link eventstore!EventStore | EventStore}
 * @category eventstore
 * @since 0.1.0
 */
export class SqliteEventStore<P = unknown, S = unknown> extends EventStoreBase<P, S> {
  protected readonly pollIntervalMs: number
  /** The database handle (for your own queries; do not close it while the store is in use). */
  readonly db: Database.Database
  private readonly ownsDb: boolean
  private readonly stmt: {
    currentSeq: Database.Statement<[string], { n: number | null }>
    insert: Database.Statement<[string, string, number, number, string, string, string | null, number]>
    insertTag: Database.Statement<[string, number]>
    upsertSnapshot: Database.Statement<[string, number, string, number]>
    snapshot: Database.Statement<[string], { sequence_number: number; state: string; taken_at: number }>
    all: Database.Statement<[number, number], Row>
    byTag: Database.Statement<[string, number, number], Row>
    bySlices: Database.Statement<[number, number, number, number], Row>
    byId: Database.Statement<[string, number, number], Row>
    head: Database.Statement<[], { head: number | null }>
  }
  private readonly tables: { readonly events: string; readonly tags: string }
  private counts:
    | {
        all: Database.Statement<[number], [number]>
        byTag: Database.Statement<[string, number], [number]>
        bySlices: Database.Statement<[number, number, number], [number]>
      }
    | undefined = undefined
  private readonly writeTx: Database.Transaction<(request: WriteRequest<P>) => number[]>
  private readonly slicesTx: (minSlice: number, maxSlice: number, after: number, limit: number) => StoredPage<P>
  private readonly decode = (r: Row): EventEnvelope<P> =>
    this.envelope(r[0], r[1], r[2], r[3], new Date(r[4]), r[5], r[6], r[7] === null ? NO_TAGS : (JSON.parse(r[7]) as string[]))

  /** Opens (or creates) the database file `filename` (`':memory:'` for a private in-memory database) and the store's tables. */
  static open<P = unknown, S = unknown>(filename: string, options: SqliteEventStoreOptions = {}): SqliteEventStore<P, S> {
    if (typeof filename !== 'string' || filename.length === 0)
      throw new TypeError(`SqliteEventStore.open(filename): expected a file name, got ${JSON.stringify(filename)}`)
    const db = new Database(filename)
    try {
      db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
      return new SqliteEventStore<P, S>(db, options, true)
    } catch (e) {
      db.close()
      throw e
    }
  }

  /**
   * A store on an open database; it creates its tables if needed and switches the database to WAL
   * mode. The database stays yours: `close()` does not close it.
   */
  constructor(db: Database.Database, options: SqliteEventStoreOptions = {}, ownsDb = false) {
    super(options, 'SqliteEventStore')
    const o = requireOptions('SqliteEventStore', options)
    this.pollIntervalMs = o.pollIntervalMs === undefined ? 100 : requireNonNegativeInt('SqliteEventStore', 'pollIntervalMs', o.pollIntervalMs)
    const busy = o.busyTimeoutMs === undefined ? 5000 : requireNonNegativeInt('SqliteEventStore', 'busyTimeoutMs', o.busyTimeoutMs)
    const prefix = o.tablePrefix ?? 'sluice_'
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix) && prefix !== '')
      throw new TypeError(`SqliteEventStore(tablePrefix): expected letters, digits and '_', got ${JSON.stringify(prefix)}`)
    this.db = db
    this.ownsDb = ownsDb
    const events = `${prefix}events`
    const tags = `${prefix}event_tags`
    const snapshots = `${prefix}snapshots`
    this.tables = { events, tags }
    db.pragma('journal_mode = WAL')
    db.pragma(`busy_timeout = ${busy}`)
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${events} (
        "offset" INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        aggregate_id TEXT NOT NULL,
        sequence_number INTEGER NOT NULL,
        occurred_at INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        tags TEXT,
        slice INTEGER NOT NULL,
        UNIQUE (aggregate_id, sequence_number)
      );
      CREATE TABLE IF NOT EXISTS ${tags} (
        tag TEXT NOT NULL,
        "offset" INTEGER NOT NULL,
        PRIMARY KEY (tag, "offset")
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${snapshots} (
        aggregate_id TEXT PRIMARY KEY,
        sequence_number INTEGER NOT NULL,
        state TEXT NOT NULL,
        taken_at INTEGER NOT NULL
      );
    `)
    const columns = `"offset", id, aggregate_id, sequence_number, occurred_at, type, payload, tags`
    const raw = <T extends unknown[]>(sql: string): Database.Statement<T, Row> => db.prepare<T, Row>(sql).raw(true)
    this.stmt = {
      currentSeq: db.prepare(`SELECT max(sequence_number) AS n FROM ${events} WHERE aggregate_id = ?`),
      insert: db.prepare(
        `INSERT INTO ${events} (id, aggregate_id, sequence_number, occurred_at, type, payload, tags, slice) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTag: db.prepare(`INSERT INTO ${tags} (tag, "offset") VALUES (?, ?)`),
      upsertSnapshot: db.prepare(
        `INSERT INTO ${snapshots} (aggregate_id, sequence_number, state, taken_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (aggregate_id) DO UPDATE SET sequence_number = excluded.sequence_number, state = excluded.state, taken_at = excluded.taken_at
         WHERE excluded.sequence_number >= ${snapshots}.sequence_number`,
      ),
      snapshot: db.prepare(`SELECT sequence_number, state, taken_at FROM ${snapshots} WHERE aggregate_id = ?`),
      all: raw(`SELECT ${columns} FROM ${events} WHERE "offset" > ? ORDER BY "offset" LIMIT ?`),
      byTag: raw(
        `SELECT e."offset", e.id, e.aggregate_id, e.sequence_number, e.occurred_at, e.type, e.payload, e.tags
         FROM ${tags} t JOIN ${events} e ON e."offset" = t."offset"
         WHERE t.tag = ? AND t."offset" > ? ORDER BY t."offset" LIMIT ?`,
      ),
      // A scan of the rowids with a filter: linear over a whole catch-up whatever the range, since
      // a short page moves the position to the head (see readBySlices).
      bySlices: raw(`SELECT ${columns} FROM ${events} WHERE slice BETWEEN ? AND ? AND "offset" > ? ORDER BY "offset" LIMIT ?`),
      byId: raw(`SELECT ${columns} FROM ${events} WHERE aggregate_id = ? AND sequence_number > ? ORDER BY sequence_number LIMIT ?`),
      head: db.prepare(`SELECT max("offset") AS head FROM ${events}`),
    }
    const stmt = this.stmt
    this.writeTx = db.transaction((request: WriteRequest<P>): number[] => {
      const actual = stmt.currentSeq.get(request.aggregateId)?.n ?? 0
      if (actual !== request.expected) throw new OptimisticLockError(request.aggregateId, request.expected, actual)
      const offsets: number[] = []
      for (const e of request.events) offsets.push(this.insertEvent(e))
      if (request.snapshot !== undefined) {
        const last = request.events[request.events.length - 1]!
        stmt.upsertSnapshot.run(request.aggregateId, last.sequenceNumber, request.snapshot, request.takenAt.getTime())
      }
      return offsets
    })
    // One read transaction, so the head belongs to the same snapshot as the page.
    this.slicesTx = db.transaction((minSlice: number, maxSlice: number, after: number, limit: number): StoredPage<P> => {
      const rows = stmt.bySlices.all(minSlice, maxSlice, after, limit)
      const events = rows.map(this.decode)
      if (events.length === limit) return { events }
      return { events, scannedTo: stmt.head.get()?.head ?? 0 }
    })
  }

  private insertEvent(e: PreparedEvent<P>): number {
    let offset: number
    try {
      const result = this.stmt.insert.run(
        e.id,
        e.aggregateId,
        e.sequenceNumber,
        e.occurredAt.getTime(),
        e.type,
        e.data,
        e.tags.length === 0 ? null : JSON.stringify(e.tags),
        e.slice,
      )
      offset = Number(result.lastInsertRowid)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /\.id\b/.test((error as Error).message)) throw new DuplicateEventIdError(e.id)
      throw error
    }
    for (const tag of e.tags) this.stmt.insertTag.run(tag, offset)
    return offset
  }

  protected async write(request: WriteRequest<P>): Promise<readonly number[]> {
    const offsets = this.guard(() => this.writeTx.immediate(request))
    this.wakeWatchers()
    return offsets
  }

  protected async readSnapshot(aggregateId: string): Promise<StoredSnapshot | undefined> {
    const row = this.guard(() => this.stmt.snapshot.get(aggregateId))
    return row === undefined ? undefined : { sequenceNumber: row.sequence_number, data: row.state, takenAt: new Date(row.taken_at) }
  }

  protected readAll(after: number, limit: number): StoredPage<P> {
    return { events: this.guard(() => this.stmt.all.all(after, limit)).map(this.decode) }
  }

  protected readByTag(tag: string, after: number, limit: number): StoredPage<P> {
    return { events: this.guard(() => this.stmt.byTag.all(tag, after, limit)).map(this.decode) }
  }

  protected readBySlices(minSlice: number, maxSlice: number, after: number, limit: number): StoredPage<P> {
    return this.guard(() => this.slicesTx(minSlice, maxSlice, after, limit))
  }

  protected readById(aggregateId: string, afterSequenceNumber: number, limit: number): StoredPage<P> {
    return { events: this.guard(() => this.stmt.byId.all(aggregateId, afterSequenceNumber, limit)).map(this.decode) }
  }

  protected count(query: EventCountQuery, after: number): number {
    const c = (this.counts ??= {
      all: this.db.prepare<[number], [number]>(`SELECT count(*) FROM ${this.tables.events} WHERE "offset" > ?`).raw(true),
      byTag: this.db.prepare<[string, number], [number]>(`SELECT count(*) FROM ${this.tables.tags} WHERE tag = ? AND "offset" > ?`).raw(true),
      bySlices: this.db.prepare<[number, number, number], [number]>(`SELECT count(*) FROM ${this.tables.events} WHERE slice BETWEEN ? AND ? AND "offset" > ?`).raw(true),
    })
    return this.guard(() =>
      'minSlice' in query ? c.bySlices.get(query.minSlice, query.maxSlice, after)![0] : query.tag !== undefined ? c.byTag.get(query.tag, after)![0] : c.all.get(after)![0],
    )
  }

  /** Runs a database call, turning "cannot use the database now" into `EventStoreUnavailableError`. */
  private guard<T>(f: () => T): T {
    try {
      return f()
    } catch (error) {
      if (isUnavailable(error)) throw new EventStoreUnavailableError('SQLite event store', error)
      throw error
    }
  }

  protected async shutdown(): Promise<void> {
    if (this.ownsDb && this.db.open) this.db.close()
  }
}
