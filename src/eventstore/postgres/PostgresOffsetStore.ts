/**
 * Projection offsets on PostgreSQL, through `pg` (node-postgres).
 *
 * @module
 */
import type pg from 'pg'
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
import { openPool, runDdl } from './internal/pool.js'
import { ident } from './schema.js'

/**
 * Options of {@link PostgresOffsetStore.connect}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface PostgresOffsetStoreOptions {
  /** The schema of the store's tables (default `'public'`); created if missing. Use the event store's to share it. */
  readonly schema?: string
  /** Prefix of the store's tables (default `'sluice_'`: `sluice_projection_offsets`, `sluice_projection_sequences`). */
  readonly tablePrefix?: string
  /**
   * How many aggregates' sequence numbers a row keeps for the sequence guard (default 1000): the
   * most recently advanced ones.
   */
  readonly sequenceWindow?: number
  /** Create the schema and tables when missing (default true). */
  readonly createTables?: boolean
}

type LoadRow = { offset: string | null; offset_type: string | null; version: string | null; paused: boolean | null; sequences: [string, number][] | null }

const KIND = 'postgres offset store'

/**
 * An offset store on PostgreSQL (15 or later) through `pg`: one row per projection id in
 * `<prefix>projection_offsets` and the per-aggregate sequence numbers in
 * `<prefix>projection_sequences`: `load` gives the `sequenceWindow` most recently advanced
 * aggregates; the table keeps at most twice as many per projection and is trimmed back to the
 * window when it could hold more.
 *
 * Every save is one call of the PL/pgSQL function `<prefix>projection_save_offset` that the store
 * creates beside its tables (one round trip, and atomic without a transaction): the
 * compare-and-set on the row (`UPDATE ... WHERE version = $expected`; for the first save an
 * `INSERT ... ON CONFLICT DO UPDATE ... WHERE version = 0`, so of two concurrent first saves the
 * second waits for the first and then finds version 1), the sequence numbers, and the trim.
 *
 * For exactly-once delivery, {@link PostgresOffsetStore.transaction | transaction()} hands its work
 * function one pooled client between `BEGIN` and `COMMIT`: write the read model with it and save
 * the offset with {@link PostgresOffsetStore.saveIn | saveIn()}.
 *
 * @example
 * ```ts
 * import { PostgresEventStore, PostgresOffsetStore } from 'sluice/postgres'
 * import { ProjectionId } from 'sluice/projection'
 * const events = await PostgresEventStore.connect(process.env.PG_URL!)
 * const offsets = await PostgresOffsetStore.connect(events.pool)   // shares the pool; close() leaves it open
 * const id = ProjectionId.of('room-summaries')
 * const { version } = await offsets.load(id)
 * await offsets.transaction(async (tx) => {
 *   await tx.query('UPDATE room_summary SET count = count + 1 WHERE room = $1', ['room-1'])
 *   await offsets.saveIn(tx, id, { offset: 1, sequences: new Map([['room-1', 1]]) }, version)
 * })
 * ```
 * @see {@link projection!OffsetStore | OffsetStore}
 * @category projection
 * @since 0.2.0
 */
export class PostgresOffsetStore implements TransactionalOffsetStore<pg.PoolClient> {
  readonly kind = 'postgres'
  /** The pool the store queries through. */
  readonly pool: pg.Pool
  /** How many aggregates' sequence numbers a row keeps. */
  readonly sequenceWindow: number
  private readonly ownsPool: boolean
  private closed = false
  /** Clients between the `BEGIN` and the end of a `transaction()`: the only ones `saveIn` accepts. */
  private readonly inTransaction = new WeakSet<pg.PoolClient>()
  private readonly ddl: string
  private readonly lockKey: string
  private readonly sql: { load: string; save: string; reset: string; setOffset: string; setPaused: string }
  private readonly names: { load: string; save: string }

  /**
   * Connects to `target` (a connection string, a pool config, or a `pg.Pool` that stays yours,
   * such as a `PostgresEventStore`'s `pool`) and creates the tables when missing.
   */
  static async connect(target: string | pg.PoolConfig | pg.Pool, options: PostgresOffsetStoreOptions = {}): Promise<PostgresOffsetStore> {
    const { pool, owns } = openPool('PostgresOffsetStore.connect', target)
    try {
      const store = new PostgresOffsetStore(pool, options, owns)
      if (options.createTables !== false) await runDdl(pool, store.lockKey, store.ddl)
      return store
    } catch (e) {
      if (owns) await pool.end().catch(() => {})
      throw e
    }
  }

  private constructor(pool: pg.Pool, options: PostgresOffsetStoreOptions, ownsPool: boolean) {
    const o = requireOptions('PostgresOffsetStore.connect', options)
    const schema = o.schema ?? 'public'
    if (typeof schema !== 'string' || schema.length === 0) throw new TypeError(`PostgresOffsetStore.connect(schema): expected a non-empty string, got ${show(schema)}`)
    const prefix = requirePrefix('PostgresOffsetStore.connect', o.tablePrefix)
    this.sequenceWindow = requireWindow('PostgresOffsetStore.connect', o.sequenceWindow)
    this.pool = pool
    this.ownsPool = ownsPool
    const s = ident(schema)
    const offsets = `${s}.${ident(`${prefix}projection_offsets`)}`
    const sequences = `${s}.${ident(`${prefix}projection_sequences`)}`
    const saveFn = `${s}.${ident(`${prefix}projection_save_offset`)}`
    this.lockKey = `sluice projection offsets ${schema}.${prefix}`
    this.ddl = `
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${offsets} (
        name text NOT NULL,
        key text NOT NULL,
        "offset" text,
        offset_type text,
        version bigint NOT NULL,
        paused boolean NOT NULL DEFAULT false,
        -- At least the number of sequence rows of this projection (see the save function).
        sequence_count bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (name, key)
      );
      CREATE TABLE IF NOT EXISTS ${sequences} (
        name text NOT NULL,
        key text NOT NULL,
        aggregate_id text NOT NULL,
        sequence_number bigint NOT NULL,
        version bigint NOT NULL,
        ord integer NOT NULL,
        PRIMARY KEY (name, key, aggregate_id)
      );
      -- Tables of an earlier 0.2 pre-release: the count column was added, the recency index dropped.
      ALTER TABLE ${offsets} ADD COLUMN IF NOT EXISTS sequence_count bigint NOT NULL DEFAULT 0;
      DROP INDEX IF EXISTS ${s}.${ident(`${prefix}projection_sequences_recency`)};
      -- A save in one round trip. A function rather than one statement with CTEs: its statements
      -- see each other's writes, so the trim counts the rows the save just wrote (CTEs share one
      -- snapshot and would have to exclude them by a costly anti-join).
      CREATE OR REPLACE FUNCTION ${saveFn}(
        p_name text, p_key text, p_offset text, p_type text, p_expected bigint, p_ids text[], p_seqs bigint[], p_window integer,
        OUT written bigint, OUT actual bigint
      ) LANGUAGE plpgsql AS $fn$
      DECLARE
        rows_before bigint;
        inserted bigint;
        cut_version bigint;
        cut_ord integer;
      BEGIN
        IF p_expected = 0 THEN
          -- Of two concurrent first saves, the second waits for the first's row, then finds version 1.
          INSERT INTO ${offsets} AS o (name, key, "offset", offset_type, version, paused, sequence_count)
          VALUES (p_name, p_key, p_offset, p_type, 1, false, 0)
          ON CONFLICT (name, key) DO UPDATE SET "offset" = excluded."offset", offset_type = excluded.offset_type, version = 1
          WHERE o.version = 0
          RETURNING o.version, o.sequence_count INTO written, rows_before;
        ELSE
          UPDATE ${offsets} o SET "offset" = p_offset, offset_type = p_type, version = o.version + 1
          WHERE o.name = p_name AND o.key = p_key AND o.version = p_expected
          RETURNING o.version, o.sequence_count INTO written, rows_before;
        END IF;
        IF written IS NULL THEN
          -- A new snapshot: the row as the writer that won left it.
          SELECT o.version INTO actual FROM ${offsets} o WHERE o.name = p_name AND o.key = p_key;
          actual := coalesce(actual, 0);
          RETURN;
        END IF;
        actual := written;
        IF cardinality(p_ids) > 0 THEN
          -- Recency is (version of the save, position in its Map). Counts the rows it inserted
          -- (xmax = 0: not an update of an existing row), so that sequence_count stays the number
          -- of rows and a save that only advances known aggregates neither trims nor writes the
          -- count (the row lock taken above serializes the saves of one projection).
          WITH up AS (
            INSERT INTO ${sequences} AS q (name, key, aggregate_id, sequence_number, version, ord)
            SELECT p_name, p_key, v.a, v.s, written, v.o FROM unnest(p_ids, p_seqs) WITH ORDINALITY AS v(a, s, o)
            ON CONFLICT (name, key, aggregate_id) DO UPDATE SET sequence_number = excluded.sequence_number, version = excluded.version, ord = excluded.ord
            RETURNING q.xmax = 0 AS fresh
          )
          SELECT count(*) FILTER (WHERE fresh) INTO inserted FROM up;
          IF inserted > 0 THEN
            rows_before := rows_before + inserted;
            -- Past twice the window, what is older than the window's oldest entry goes. (No index on
            -- recency: updates of known aggregates stay HOT, and one sort every window new
            -- aggregates is cheaper than keeping such an index up to date.)
            IF rows_before > 2 * p_window THEN
              SELECT r.version, r.ord INTO cut_version, cut_ord FROM ${sequences} r WHERE r.name = p_name AND r.key = p_key
              ORDER BY r.version DESC, r.ord DESC LIMIT 1 OFFSET p_window - 1;
              IF FOUND THEN
                DELETE FROM ${sequences} q WHERE q.name = p_name AND q.key = p_key AND (q.version, q.ord) < (cut_version, cut_ord);
              END IF;
              rows_before := p_window;
            END IF;
            UPDATE ${offsets} o SET sequence_count = rows_before WHERE o.name = p_name AND o.key = p_key;
          END IF;
        END IF;
      END
      $fn$;
    `
    this.sql = {
      load: `
        SELECT o."offset", o.offset_type, o.version::text AS version, o.paused,
          (SELECT json_agg(json_build_array(r.aggregate_id, r.sequence_number) ORDER BY r.version, r.ord)
           FROM (SELECT aggregate_id, sequence_number, version, ord FROM ${sequences}
                 WHERE name = $1 AND key = $2 ORDER BY version DESC, ord DESC LIMIT $3) r) AS sequences
        FROM (SELECT 1) one LEFT JOIN ${offsets} o ON o.name = $1 AND o.key = $2`,
      save: `SELECT written::text, actual::text FROM ${saveFn}($1, $2, $3, $4, $5::bigint, $6::text[], $7::bigint[], $8::integer)`,
      // A save's resetSequences, in its transaction before the save function: clears the sequences
      // only if the row is still at the expected version, and locks the row until the transaction
      // ends so that the compare-and-set that follows cannot lose in between.
      reset: `
        WITH cur AS (
          SELECT 1 FROM ${offsets} WHERE name = $1 AND key = $2 AND version = $3::bigint FOR UPDATE
        ), cleared AS (
          DELETE FROM ${sequences} WHERE name = $1 AND key = $2 AND EXISTS (SELECT 1 FROM cur)
        )
        UPDATE ${offsets} SET sequence_count = 0 WHERE name = $1 AND key = $2 AND EXISTS (SELECT 1 FROM cur)`,
      setOffset: `
        WITH written AS (
          INSERT INTO ${offsets} AS o (name, key, "offset", offset_type, version, paused) VALUES ($1, $2, $3, $4, 1, false)
          ON CONFLICT (name, key) DO UPDATE SET "offset" = excluded."offset", offset_type = excluded.offset_type, version = o.version + 1, sequence_count = 0
          RETURNING o.version
        ), cleared AS (
          DELETE FROM ${sequences} WHERE name = $1 AND key = $2
        )
        SELECT version::text AS version FROM written`,
      setPaused: `
        INSERT INTO ${offsets} AS o (name, key, "offset", offset_type, version, paused) VALUES ($1, $2, NULL, NULL, 0, $3)
        ON CONFLICT (name, key) DO UPDATE SET paused = excluded.paused`,
    }
    // Named statements are parsed and planned once per connection.
    const key = `${schema}.${prefix}`
    this.names = { load: `sluice_off_load:${key}`, save: `sluice_off_save:${key}` }
  }

  async load(id: ProjectionId): Promise<StoredOffset> {
    this.open('load')
    const checked = requireProjectionId('load', id)
    const { rows } = await this.pool.query<LoadRow>({ name: this.names.load, text: this.sql.load, values: [checked.name, checked.key, this.sequenceWindow] })
    const row = rows[0]!
    return {
      offset: decodeOffset(row.offset, row.offset_type),
      sequences: new Map(row.sequences ?? []),
      paused: row.paused === true,
      version: row.version === null ? 0 : Number(row.version),
    }
  }

  async save(id: ProjectionId, update: OffsetUpdate, expectedVersion: number): Promise<number> {
    this.open('save')
    if (update?.resetSequences !== true) return this.write(this.pool, 'save', id, update, expectedVersion)
    // The reset and the save in one transaction (rare: once per run of an unguarded projection).
    return this.transaction((tx) => this.write(tx, 'save', id, update, expectedVersion))
  }

  /**
   * `save`, inside the transaction `transaction()` opened: `tx` must be the client it handed to
   * its work function. Rejects with `OffsetConflictError` (and writes nothing) on a conflict.
   */
  async saveIn(tx: pg.PoolClient, id: ProjectionId, update: OffsetUpdate, expectedVersion: number): Promise<number> {
    this.open('saveIn')
    if (!this.inTransaction.has(tx))
      throw new TypeError(`saveIn(tx): expected the client this store's transaction() handed to its work function, before the transaction ended`)
    return this.write(tx, 'saveIn', id, update, expectedVersion)
  }

  async setOffset(id: ProjectionId, offset: Offset | undefined): Promise<void> {
    this.open('setOffset')
    const checked = requireProjectionId('setOffset', id)
    const [text, type] = encodeOffset(requireOffset('setOffset', 'offset', offset, true))
    await this.pool.query(this.sql.setOffset, [checked.name, checked.key, text, type])
  }

  async setPaused(id: ProjectionId, paused: boolean): Promise<void> {
    this.open('setPaused')
    const checked = requireProjectionId('setPaused', id)
    await this.pool.query(this.sql.setPaused, [checked.name, checked.key, requireBoolean('setPaused', 'paused', paused)])
  }

  /**
   * Runs `work` with one pooled client between `BEGIN` and `COMMIT`; rolls back when `work`
   * throws or rejects, and rejects with its error. When `work` resolves but the transaction was
   * aborted by a failed statement it caught, PostgreSQL turns the `COMMIT` into a rollback: the
   * call then rejects rather than pretend the writes were kept. The client goes back to the pool
   * either way (destroyed when the connection broke).
   */
  async transaction<R>(work: (tx: pg.PoolClient) => R | Promise<R>): Promise<R> {
    this.open('transaction')
    if (typeof work !== 'function') throw new TypeError(`transaction(work): expected a function, got ${show(work)}`)
    const client = await this.pool.connect()
    let broken = false
    // A checked-out client whose connection drops emits 'error'; unheard, it would crash the
    // process. The failed query rejects too, and the client is destroyed below.
    const onError = (): void => {
      broken = true
    }
    client.on('error', onError)
    try {
      await client.query('BEGIN')
      this.inTransaction.add(client)
      const result = await work(client)
      const commit = await client.query('COMMIT')
      if (commit.command === 'ROLLBACK')
        throw new Error('transaction(work): the transaction was aborted by a failed statement inside work, so PostgreSQL rolled it back at COMMIT')
      return result
    } catch (e) {
      this.inTransaction.delete(client)
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw e
    } finally {
      this.inTransaction.delete(client)
      client.off('error', onError)
      client.release(broken)
    }
  }

  /** Marks the store closed; ends the pool only when `connect` created it. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.ownsPool) await this.pool.end()
  }

  private async write(on: pg.Pool | pg.PoolClient, op: string, id: ProjectionId, update: OffsetUpdate, expectedVersion: number): Promise<number> {
    const checked = requireProjectionId(op, id)
    requireUpdate(op, update)
    const expected = requireVersion(op, expectedVersion)
    const entries = lastEntries(update.sequences, this.sequenceWindow)
    const [text, type] = encodeOffset(update.offset)
    if (update.resetSequences === true) await on.query(this.sql.reset, [checked.name, checked.key, expected])
    const values = [checked.name, checked.key, text, type, expected, entries.map((e) => e[0]), entries.map((e) => e[1]), this.sequenceWindow]
    const { rows } = await on.query<{ written: string | null; actual: string }>({ name: this.names.save, text: this.sql.save, values })
    const row = rows[0]!
    if (row.written !== null) return Number(row.written)
    throw new OffsetConflictError(checked, expected, Number(row.actual))
  }

  private open(op: string): void {
    if (this.closed) throw new StoreClosedError(op, KIND)
  }
}
