/**
 * Projection leases on PostgreSQL, through `pg` (node-postgres).
 *
 * @module
 */
import type pg from 'pg'
import type { LeaseStore } from '../../projection/LeaseStore.js'
import { StoreClosedError } from '../../projection/StoreClosedError.js'
import { requireKeys, requireName, requirePrefix, requireTtl, show, sortNames } from '../../projection/internal/storeChecks.js'
import { requireOptions } from '../internal/checks.js'
import { openPool, runDdl } from './internal/pool.js'
import { ident } from './schema.js'

/**
 * Options of {@link PostgresLeaseStore.connect}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface PostgresLeaseStoreOptions {
  /** The schema of the store's tables (default `'public'`); created if missing. */
  readonly schema?: string
  /** Prefix of the store's tables (default `'sluice_'`: `sluice_projection_leases`, `sluice_projection_members`). */
  readonly tablePrefix?: string
  /** Create the schema and tables when missing (default true). */
  readonly createTables?: boolean
}

const KIND = 'postgres lease store'

/**
 * A {@link projection!LeaseStore | LeaseStore} on PostgreSQL, for projections spread over
 * processes and machines: leases in `<prefix>projection_leases`, members in
 * `<prefix>projection_members`. Expiry is on the database's clock (`now()`), so the callers'
 * clocks may disagree without harm.
 *
 * Every call is one statement. `acquire` is `INSERT ... ON CONFLICT DO UPDATE ... WHERE the
 * lease expired or is the caller's RETURNING owner`: of concurrent callers, the others wait for
 * the first one's row lock, then re-check the condition against its unexpired lease and get
 * nothing back. No connection is held between calls (unlike advisory locks, which live as long
 * as a session).
 *
 * @example
 * ```ts
 * import { PostgresLeaseStore } from 'sluice/postgres'
 * const leases = await PostgresLeaseStore.connect(process.env.PG_URL!)
 * const members = await leases.heartbeat('rooms', 'worker-1', 10_000)
 * if (await leases.acquire('rooms', '0-511', 'worker-1', 10_000)) console.log('mine', members)
 * await leases.close()
 * ```
 * @category projection
 * @since 0.2.0
 */
export class PostgresLeaseStore implements LeaseStore {
  readonly kind = 'postgres'
  /** The pool the store queries through. */
  readonly pool: pg.Pool
  private readonly ownsPool: boolean
  private closed = false
  private readonly lockKey: string
  private readonly ddl: string
  private readonly sql: { heartbeat: string; acquire: string; renew: string; release: string; leave: string; holders: string }

  /**
   * Connects to `target` (a connection string, a pool config, or a `pg.Pool` that stays yours)
   * and creates the tables when missing.
   */
  static async connect(target: string | pg.PoolConfig | pg.Pool, options: PostgresLeaseStoreOptions = {}): Promise<PostgresLeaseStore> {
    const { pool, owns } = openPool('PostgresLeaseStore.connect', target)
    try {
      const store = new PostgresLeaseStore(pool, options, owns)
      if (options.createTables !== false) await runDdl(pool, store.lockKey, store.ddl)
      return store
    } catch (e) {
      if (owns) await pool.end().catch(() => {})
      throw e
    }
  }

  private constructor(pool: pg.Pool, options: PostgresLeaseStoreOptions, ownsPool: boolean) {
    const o = requireOptions('PostgresLeaseStore.connect', options)
    const schema = o.schema ?? 'public'
    if (typeof schema !== 'string' || schema.length === 0) throw new TypeError(`PostgresLeaseStore.connect(schema): expected a non-empty string, got ${show(schema)}`)
    const prefix = requirePrefix('PostgresLeaseStore.connect', o.tablePrefix)
    this.pool = pool
    this.ownsPool = ownsPool
    const s = ident(schema)
    const leases = `${s}.${ident(`${prefix}projection_leases`)}`
    const members = `${s}.${ident(`${prefix}projection_members`)}`
    const ttl = (n: number): string => `now() + $${n}::bigint * interval '1 millisecond'`
    this.lockKey = `sluice projection leases ${schema}.${prefix}`
    this.ddl = `
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${leases} (
        name text NOT NULL,
        key text NOT NULL,
        owner text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (name, key)
      );
      CREATE TABLE IF NOT EXISTS ${members} (
        name text NOT NULL,
        owner text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (name, owner)
      );
    `
    this.sql = {
      // The CTEs share one snapshot: the SELECT does not see the row `beat` writes, so the caller
      // is added by hand (it is live: it just beat).
      heartbeat: `
        WITH beat AS (
          INSERT INTO ${members} AS m (name, owner, expires_at) VALUES ($1, $2, ${ttl(3)})
          ON CONFLICT (name, owner) DO UPDATE SET expires_at = excluded.expires_at
        ), purged AS (
          DELETE FROM ${members} WHERE name = $1 AND owner <> $2 AND expires_at <= now()
        )
        SELECT owner FROM ${members} WHERE name = $1 AND owner <> $2 AND expires_at > now()
        UNION ALL SELECT $2`,
      acquire: `
        INSERT INTO ${leases} AS l (name, key, owner, expires_at) VALUES ($1, $2, $3, ${ttl(4)})
        ON CONFLICT (name, key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
        WHERE l.expires_at <= now() OR l.owner = excluded.owner
        RETURNING l.owner`,
      renew: `
        UPDATE ${leases} SET expires_at = ${ttl(4)}
        WHERE name = $1 AND key = ANY($2::text[]) AND owner = $3 AND expires_at > now()
        RETURNING key`,
      release: `DELETE FROM ${leases} WHERE name = $1 AND key = $2 AND owner = $3`,
      leave: `
        WITH gone AS (DELETE FROM ${members} WHERE name = $1 AND owner = $2)
        DELETE FROM ${leases} WHERE name = $1 AND owner = $2`,
      holders: `SELECT key, owner FROM ${leases} WHERE name = $1 AND expires_at > now() ORDER BY key`,
    }
  }

  async heartbeat(name: string, owner: string, ttlMs: number): Promise<string[]> {
    this.open('heartbeat')
    const values = [requireName('heartbeat', 'name', name), requireName('heartbeat', 'owner', owner), requireTtl('heartbeat', ttlMs)]
    const { rows } = await this.pool.query<{ owner: string }>(this.sql.heartbeat, values)
    return sortNames(rows.map((r) => r.owner))
  }

  async acquire(name: string, key: string, owner: string, ttlMs: number): Promise<boolean> {
    this.open('acquire')
    const values = [requireName('acquire', 'name', name), requireName('acquire', 'key', key), requireName('acquire', 'owner', owner), requireTtl('acquire', ttlMs)]
    const { rows } = await this.pool.query(this.sql.acquire, values)
    return rows.length === 1
  }

  /**
   * Extends `owner`'s unexpired leases on `keys` by `ttlMs`; resolves with the keys it still holds. An
   * expired lease is not renewed, even if nobody took it: acquire it again.
   */
  async renew(name: string, keys: readonly string[], owner: string, ttlMs: number): Promise<string[]> {
    this.open('renew')
    const values = [requireName('renew', 'name', name), [...new Set(requireKeys('renew', keys))], requireName('renew', 'owner', owner), requireTtl('renew', ttlMs)]
    const { rows } = await this.pool.query<{ key: string }>(this.sql.renew, values)
    const renewed = new Set(rows.map((r) => r.key))
    return [...new Set(keys)].filter((k) => renewed.has(k))
  }

  async release(name: string, key: string, owner: string): Promise<void> {
    this.open('release')
    await this.pool.query(this.sql.release, [requireName('release', 'name', name), requireName('release', 'key', key), requireName('release', 'owner', owner)])
  }

  async leave(name: string, owner: string): Promise<void> {
    this.open('leave')
    await this.pool.query(this.sql.leave, [requireName('leave', 'name', name), requireName('leave', 'owner', owner)])
  }

  async holders(name: string): Promise<Map<string, string>> {
    this.open('holders')
    const { rows } = await this.pool.query<{ key: string; owner: string }>(this.sql.holders, [requireName('holders', 'name', name)])
    return new Map(rows.map((r) => [r.key, r.owner]))
  }

  /** Marks the store closed; ends the pool only when `connect` created it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.ownsPool) await this.pool.end()
  }

  private open(op: string): void {
    if (this.closed) throw new StoreClosedError(op, KIND)
  }
}
