/**
 * Projection leases in a SQLite database, through better-sqlite3.
 *
 * @module
 */
import Database from 'better-sqlite3'
import { requireFunction, requireNonNegativeInt } from '../../core/args.js'
import type { LeaseStore } from '../../projection/LeaseStore.js'
import { StoreClosedError } from '../../projection/StoreClosedError.js'
import { requireKeys, requireName, requirePrefix, requireTtl, show, sortNames } from '../../projection/internal/storeChecks.js'
import { requireOptions } from '../internal/checks.js'

/**
 * Options of {@link SqliteLeaseStore}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface SqliteLeaseStoreOptions {
  /** Prefix of the store's tables (default `'sluice_'`: `sluice_projection_leases`, `sluice_projection_members`). */
  readonly tablePrefix?: string
  /** The clock expiry is measured on, in milliseconds (default `Date.now`). */
  readonly clock?: () => number
  /** How long a write waits for another connection's write lock (default 5000 ms; set on the database only when given or when the store opens it). */
  readonly busyTimeoutMs?: number
}

const KIND = 'sqlite lease store'

/**
 * A {@link projection!LeaseStore | LeaseStore} in a SQLite database: leases in
 * `<prefix>projection_leases` and members in `<prefix>projection_members`, with expiry times
 * from the store's `clock` (the process's clock, by default). Meant for several projections of
 * one process or machine sharing a file; across machines, use `PostgresLeaseStore`, whose expiry
 * is on the database's clock.
 *
 * Each call is one statement (acquire is an upsert that only replaces an expired lease or the
 * caller's own), so concurrent connections to the file cannot both acquire one key.
 *
 * @example
 * ```ts
 * import { SqliteLeaseStore } from 'sluice/sqlite'
 * const leases = SqliteLeaseStore.open('app.db')
 * await leases.heartbeat('rooms', 'worker-1', 10_000)          // ['worker-1']
 * await leases.acquire('rooms', '0-1023', 'worker-1', 10_000)  // true
 * await leases.close()
 * ```
 * @category projection
 * @since 0.2.0
 */
export class SqliteLeaseStore implements LeaseStore {
  readonly kind = 'sqlite'
  /** The database handle. */
  readonly db: Database.Database
  private readonly ownsDb: boolean
  private readonly clock: () => number
  private closed = false
  private readonly stmt: {
    beat: Database.Statement<[string, string, number]>
    purge: Database.Statement<[string, number]>
    members: Database.Statement<[string, number], [string]>
    acquire: Database.Statement<[string, string, string, number, number], { owner: string }>
    renew: Database.Statement<[number, string, string, string, number], { key: string }>
    release: Database.Statement<[string, string, string]>
    leaveMember: Database.Statement<[string, string]>
    leaveLeases: Database.Statement<[string, string]>
    holders: Database.Statement<[string, number], [string, string]>
  }
  private readonly heartbeatTx: Database.Transaction<(name: string, owner: string, now: number, ttl: number) => string[]>
  private readonly renewTx: Database.Transaction<(name: string, keys: readonly string[], owner: string, now: number, ttl: number) => string[]>
  private readonly leaveTx: Database.Transaction<(name: string, owner: string) => void>

  /** Opens (or creates) the database file `filename` in WAL mode; `close()` closes it. */
  static open(filename: string, options: SqliteLeaseStoreOptions = {}): SqliteLeaseStore {
    if (typeof filename !== 'string' || filename.length === 0)
      throw new TypeError(`SqliteLeaseStore.open(filename): expected a file name, got ${show(filename)}`)
    const o = requireOptions('SqliteLeaseStore.open', options)
    const db = new Database(filename)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma(`busy_timeout = ${o.busyTimeoutMs === undefined ? 5000 : requireNonNegativeInt('SqliteLeaseStore.open', 'busyTimeoutMs', o.busyTimeoutMs)}`)
      return new SqliteLeaseStore(db, options, true)
    } catch (e) {
      db.close()
      throw e
    }
  }

  /** A store on an open database, which stays yours: `close()` does not close it. Creates the tables when missing. */
  constructor(db: Database.Database, options: SqliteLeaseStoreOptions = {}, ownsDb = false) {
    if (!(db instanceof Database)) throw new TypeError(`SqliteLeaseStore(db): expected a better-sqlite3 Database, got ${show(db)}`)
    const o = requireOptions('SqliteLeaseStore', options)
    const prefix = requirePrefix('SqliteLeaseStore', o.tablePrefix)
    this.clock = o.clock === undefined ? Date.now : requireFunction('SqliteLeaseStore', 'clock', o.clock)
    if (!ownsDb && o.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${requireNonNegativeInt('SqliteLeaseStore', 'busyTimeoutMs', o.busyTimeoutMs)}`)
    this.db = db
    this.ownsDb = ownsDb
    const leases = `${prefix}projection_leases`
    const members = `${prefix}projection_members`
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${leases} (
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (name, key)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${members} (
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (name, owner)
      ) WITHOUT ROWID;
    `)
    this.stmt = {
      beat: db.prepare(
        `INSERT INTO ${members} (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name, owner) DO UPDATE SET expires_at = excluded.expires_at`,
      ),
      purge: db.prepare(`DELETE FROM ${members} WHERE name = ? AND expires_at <= ?`),
      members: db.prepare<[string, number], [string]>(`SELECT owner FROM ${members} WHERE name = ? AND expires_at > ?`).raw(true),
      // Replaces the row only when it expired or is the caller's: of concurrent callers, the
      // first one's lease is unexpired for all the others.
      acquire: db.prepare(
        `INSERT INTO ${leases} (name, key, owner, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name, key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE ${leases}.expires_at <= ? OR ${leases}.owner = excluded.owner
         RETURNING owner`,
      ),
      renew: db.prepare(`UPDATE ${leases} SET expires_at = ? WHERE name = ? AND key = ? AND owner = ? AND expires_at > ? RETURNING key`),
      release: db.prepare(`DELETE FROM ${leases} WHERE name = ? AND key = ? AND owner = ?`),
      leaveMember: db.prepare(`DELETE FROM ${members} WHERE name = ? AND owner = ?`),
      leaveLeases: db.prepare(`DELETE FROM ${leases} WHERE name = ? AND owner = ?`),
      holders: db.prepare<[string, number], [string, string]>(`SELECT key, owner FROM ${leases} WHERE name = ? AND expires_at > ? ORDER BY key`).raw(true),
    }
    const stmt = this.stmt
    this.heartbeatTx = db.transaction((name: string, owner: string, now: number, ttl: number): string[] => {
      stmt.beat.run(name, owner, now + ttl)
      stmt.purge.run(name, now)
      return sortNames(stmt.members.all(name, now).map((r) => r[0]))
    })
    this.renewTx = db.transaction((name: string, keys: readonly string[], owner: string, now: number, ttl: number): string[] => {
      const held: string[] = []
      for (const key of new Set(keys)) if (stmt.renew.get(now + ttl, name, key, owner, now) !== undefined) held.push(key)
      return held
    })
    this.leaveTx = db.transaction((name: string, owner: string): void => {
      stmt.leaveMember.run(name, owner)
      stmt.leaveLeases.run(name, owner)
    })
  }

  async heartbeat(name: string, owner: string, ttlMs: number): Promise<string[]> {
    this.open('heartbeat')
    requireName('heartbeat', 'name', name)
    requireName('heartbeat', 'owner', owner)
    return this.heartbeatTx.immediate(name, owner, this.clock(), requireTtl('heartbeat', ttlMs))
  }

  async acquire(name: string, key: string, owner: string, ttlMs: number): Promise<boolean> {
    this.open('acquire')
    requireName('acquire', 'name', name)
    requireName('acquire', 'key', key)
    requireName('acquire', 'owner', owner)
    const ttl = requireTtl('acquire', ttlMs)
    const now = this.clock()
    return this.stmt.acquire.get(name, key, owner, now + ttl, now) !== undefined
  }

  /**
   * Extends `owner`'s unexpired leases on `keys` by `ttlMs`; resolves with the keys it still holds. An
   * expired lease is not renewed, even if nobody took it: acquire it again.
   */
  async renew(name: string, keys: readonly string[], owner: string, ttlMs: number): Promise<string[]> {
    this.open('renew')
    requireName('renew', 'name', name)
    requireKeys('renew', keys)
    requireName('renew', 'owner', owner)
    return this.renewTx.immediate(name, keys, owner, this.clock(), requireTtl('renew', ttlMs))
  }

  async release(name: string, key: string, owner: string): Promise<void> {
    this.open('release')
    this.stmt.release.run(requireName('release', 'name', name), requireName('release', 'key', key), requireName('release', 'owner', owner))
  }

  async leave(name: string, owner: string): Promise<void> {
    this.open('leave')
    this.leaveTx.immediate(requireName('leave', 'name', name), requireName('leave', 'owner', owner))
  }

  async holders(name: string): Promise<Map<string, string>> {
    this.open('holders')
    return new Map(this.stmt.holders.all(requireName('holders', 'name', name), this.clock()))
  }

  /** Marks the store closed; closes the database only when `SqliteLeaseStore.open` opened it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.ownsDb && this.db.open) this.db.close()
  }

  private open(op: string): void {
    if (this.closed) throw new StoreClosedError(op, KIND)
  }
}
