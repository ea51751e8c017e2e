/**
 * The event store on a PostgreSQL server, through `pg` (node-postgres).
 *
 * @module
 */
import pg from 'pg'
import { requireNonNegativeInt } from '../../core/args.js'
import type { EventEnvelope } from '../EventEnvelope.js'
import type { EventCountQuery } from '../EventStore.js'
import {
  DuplicateEventIdError,
  EventStoreClosedError,
  EventStoreUnavailableError,
  OptimisticLockError,
} from '../errors.js'
import {
  EventStoreBase,
  type EventStoreOptions,
  type StoredPage,
  type StoredSnapshot,
  type WriteRequest,
} from '../internal/EventStoreBase.js'
import { requireOptions } from '../internal/checks.js'
import { OFFSETS_PER_TRANSACTION, postgresSql, type PostgresSql } from './schema.js'

/**
 * Options of {@link PostgresEventStore.connect}.
 *
 * @category eventstore
 * @since 0.1.0
 */
export interface PostgresEventStoreOptions extends EventStoreOptions {
  /** The schema of the store's tables (default `'public'`); created if missing. */
  readonly schema?: string
  /** Prefix of the store's tables (default `'sluice_'`). */
  readonly tablePrefix?: string
  /**
   * At the head, subscriptions look again after this long even without a notification (default
   * 250 ms): notifications are lost while the listening connection is down, and an event can
   * become readable without one when an unrelated older transaction ends.
   */
  readonly pollIntervalMs?: number
  /** Create the schema, tables and trigger when missing (default true). */
  readonly createTables?: boolean
}

type Row = [
  offset: string,
  id: string,
  aggregateId: string,
  sequenceNumber: string,
  occurredAtMs: number,
  type: string,
  payload: string,
  tags: string[] | null,
]
type HorizonRow = [horizon: string, ...event: Row] | [horizon: string, ...nulls: null[]]

const NO_TAGS: readonly string[] = Object.freeze([])

function toNumber(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new RangeError(`PostgresEventStore: ${text} does not fit in a JavaScript number`)
  return n
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
])

/** Errors that mean "the server cannot be used right now" rather than "this request is wrong". */
function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
  const message = error instanceof Error ? error.message : ''
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed/i.test(
    message,
  )
}

/**
 * An event store on PostgreSQL (15 or later) through `pg`. Appends are single statements (one
 * transaction each); subscriptions read pages through the pool (no connection is held between
 * pages) and are woken by `LISTEN`/`NOTIFY` on one shared connection, plus a poll.
 *
 * **The gap problem and how it is solved.** Concurrent transactions take offsets in one order and
 * commit in another. A reader that remembers "the last offset I saw" and reads above it skips an
 * event whose transaction took a smaller offset and committed later. Filtering rows by "written
 * by a transaction older than the oldest one still running" is not enough with offsets from a
 * sequence: transaction 100 may take offset 6 after transaction 101 took offset 5, commit first,
 * and be read while 101 is still running; 101 then commits offset 5, below the reader's position.
 *
 * So here the offset *is* the transaction order: an event's offset is
 * `txid * 65536 + its index in the append`, with `txid = pg_current_xact_id()` of the writing
 * transaction (an append holds at most 65536 events). Readers only read offsets below
 * `pg_snapshot_xmin(pg_current_snapshot()) * 65536`, the horizon: every transaction below it has
 * finished, and every transaction still running or yet to start has a txid at or above it, so
 * every offset it will ever write is above everything a reader has read. The set of readable
 * events only grows at its top; reading it in offset order never skips and never repeats.
 *
 * The price: offsets are large and sparse (the gap between two appends is at least 65536), and
 * a subscription sees an event only once every transaction older than its writer has ended. A
 * long-running write transaction anywhere in the cluster delays subscriptions (not appends and
 * not `eventsById`, which reads one aggregate, whose appends are already serialized) until it
 * ends. Offsets stay below 2^53 while the cluster has used fewer than 2^37 transaction ids.
 *
 * @example
 * ```ts
 * import { PostgresEventStore } from 'sluice/postgres'
 * const store = await PostgresEventStore.connect(process.env.PG_URL!)
 * await store.append('room-1', [{ type: 'MessagePosted', payload: { content: 'hi' } }], { expectedSequenceNumber: 0 })
 * await store.close()
 * ```
 * @see {@link eventstore!EventStore | EventStore}
 * @category eventstore
 * @since 0.1.0
 */
export class PostgresEventStore<P = unknown, S = unknown> extends EventStoreBase<P, S> {
  protected readonly pollIntervalMs: number
  /** The pool the store queries through. */
  readonly pool: pg.Pool
  private readonly ownsPool: boolean
  private readonly sql: PostgresSql
  private readonly names: {
    readonly append: string
    readonly all: string
    readonly byTag: string
    readonly bySlices: string
    readonly byId: string
  }
  private readonly decode = (r: Row): EventEnvelope<P> =>
    this.envelope(toNumber(r[0]), r[1], r[2], toNumber(r[3]), new Date(r[4]), r[5], r[6], r[7] === null ? NO_TAGS : r[7])
  private listener: pg.PoolClient | null = null
  private listening: Promise<void> | null = null

  /**
   * Connects to `target` (a connection string, a pool config, or a `pg.Pool` that stays yours)
   * and creates the tables when missing.
   */
  static async connect<P = unknown, S = unknown>(
    target: string | pg.PoolConfig | pg.Pool,
    options: PostgresEventStoreOptions = {},
  ): Promise<PostgresEventStore<P, S>> {
    // Duck-typed, so a Pool from another copy of `pg` is recognized too.
    const given = typeof target === 'object' && target !== null && typeof (target as pg.Pool).connect === 'function' && typeof (target as pg.Pool).query === 'function'
    const owns = !given
    const pool = given ? (target as pg.Pool) : new pg.Pool(typeof target === 'string' ? { connectionString: target } : (target as pg.PoolConfig))
    // An idle pooled connection that breaks emits 'error' on the pool; unheard, it would crash the process.
    if (owns) pool.on('error', () => {})
    const store = new PostgresEventStore<P, S>(pool, options, owns)
    try {
      if (options.createTables !== false) await store.createTables()
    } catch (e) {
      if (owns) await pool.end().catch(() => {})
      throw e
    }
    return store
  }

  private constructor(pool: pg.Pool, options: PostgresEventStoreOptions, ownsPool: boolean) {
    super(options, 'PostgresEventStore')
    const o = requireOptions('PostgresEventStore', options)
    this.pollIntervalMs = o.pollIntervalMs === undefined ? 250 : requireNonNegativeInt('PostgresEventStore', 'pollIntervalMs', o.pollIntervalMs)
    const schema = o.schema ?? 'public'
    const prefix = o.tablePrefix ?? 'sluice_'
    if (typeof schema !== 'string' || schema.length === 0) throw new TypeError(`PostgresEventStore(schema): expected a non-empty string`)
    if (typeof prefix !== 'string') throw new TypeError(`PostgresEventStore(tablePrefix): expected a string`)
    this.pool = pool
    this.ownsPool = ownsPool
    this.sql = postgresSql(schema, prefix)
    // Named statements are parsed and planned once per connection.
    const key = `${schema}.${prefix}`
    this.names = { append: `sluice_append:${key}`, all: `sluice_all:${key}`, byTag: `sluice_tag:${key}`, bySlices: `sluice_slices:${key}`, byId: `sluice_id:${key}` }
  }

  /** Creates the schema, tables, index and notification trigger when missing (safe to run concurrently). */
  async createTables(): Promise<void> {
    const client = await this.connectClient('createTables')
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.sql.lockKey])
      await client.query(this.sql.ddl)
      await client.query('COMMIT')
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {})
      throw this.mapError('createTables', e)
    } finally {
      client.release()
    }
  }

  // ---- writing ------------------------------------------------------------------------------------

  protected async write(request: WriteRequest<P>): Promise<readonly number[]> {
    const events = request.events
    if (events.length > OFFSETS_PER_TRANSACTION)
      throw new RangeError(`append(events): PostgresEventStore appends at most ${OFFSETS_PER_TRANSACTION} events at once, got ${events.length}`)
    const tagNames: string[] = []
    const tagIndexes: number[] = []
    events.forEach((e, i) => {
      for (const tag of e.tags) {
        tagNames.push(tag)
        tagIndexes.push(i)
      }
    })
    let result: pg.QueryResult<{ current: string; offsets: string[] | null }>
    try {
      result = await this.pool.query({ name: this.names.append, text: this.sql.append, values: [
        request.aggregateId,
        request.expected,
        events[0]!.slice,
        events.map((e) => e.id),
        events.map((e) => e.occurredAt),
        events.map((e) => e.type),
        events.map((e) => e.data),
        events.map((e) => (e.tags.length === 0 ? null : JSON.stringify(e.tags))),
        tagNames,
        tagIndexes,
        request.snapshot ?? null,
        request.takenAt,
      ] })
    } catch (e) {
      throw await this.writeError(request, e)
    }
    const row = result.rows[0]!
    if (row.offsets === null) throw new OptimisticLockError(request.aggregateId, request.expected, toNumber(row.current))
    return row.offsets.map(toNumber)
  }

  /** Turns a failed append into the error the caller should see. */
  private async writeError(request: WriteRequest<P>, error: unknown): Promise<unknown> {
    const e = error as { code?: unknown; constraint?: unknown }
    if (e.code === '23505' && typeof e.constraint === 'string') {
      if (e.constraint.endsWith('_aggregate_id_sequence_number_key')) {
        // Another writer appended to the aggregate while this append ran.
        const current = await this.pool
          .query<{ n: string }>(this.sql.currentSequenceNumber, [request.aggregateId])
          .then((r) => toNumber(r.rows[0]!.n))
          .catch(() => request.expected + 1)
        return new OptimisticLockError(request.aggregateId, request.expected, current)
      }
      if (e.constraint.endsWith('_id_key')) {
        const ids = request.events.map((x) => x.id)
        const existing = await this.pool
          .query<{ id: string }>(this.sql.existingIds, [ids])
          .then((r) => r.rows[0]?.id)
          .catch(() => undefined)
        return new DuplicateEventIdError(existing ?? ids[0]!)
      }
    }
    return this.mapError('append', error)
  }

  protected async readSnapshot(aggregateId: string): Promise<StoredSnapshot | undefined> {
    let result: pg.QueryResult<{ sequence_number: string; state: string; taken_at: Date }>
    try {
      result = await this.pool.query(this.sql.snapshot, [aggregateId])
    } catch (e) {
      throw this.mapError('latestSnapshot', e)
    }
    const row = result.rows[0]
    return row === undefined ? undefined : { sequenceNumber: toNumber(row.sequence_number), data: row.state, takenAt: row.taken_at }
  }

  // ---- reading ------------------------------------------------------------------------------------

  /** A page whose rows start with the horizon: a short page moves the position up to it. */
  private pageWithHorizon(rows: readonly HorizonRow[], limit: number): StoredPage<P> {
    const events: EventEnvelope<P>[] = []
    for (const r of rows) if (r[1] !== null) events.push(this.decode(r.slice(1) as Row))
    if (events.length >= limit || rows.length === 0) return { events }
    // Nothing more below the horizon, and no later commit can land below it.
    return { events, scannedTo: toNumber(rows[0]![0]) - 1 }
  }

  protected readAll(after: number, limit: number): Promise<StoredPage<P>> {
    return this.readPage('allEvents', this.names.all, this.sql.all, [after, limit], false, limit)
  }

  protected readByTag(tag: string, after: number, limit: number): Promise<StoredPage<P>> {
    return this.readPage('eventsByTag', this.names.byTag, this.sql.byTag, [after, limit, tag], false, limit)
  }

  protected readBySlices(minSlice: number, maxSlice: number, after: number, limit: number): Promise<StoredPage<P>> {
    return this.readPage('eventsBySlices', this.names.bySlices, this.sql.bySlices, [after, limit, minSlice, maxSlice], true, limit)
  }

  protected async readById(aggregateId: string, afterSequenceNumber: number, limit: number): Promise<StoredPage<P>> {
    try {
      const result = await this.pool.query<Row>({
        name: this.names.byId,
        text: this.sql.byId,
        values: [aggregateId, afterSequenceNumber, limit],
        rowMode: 'array',
      })
      return { events: result.rows.map(this.decode) }
    } catch (e) {
      throw this.mapError('eventsById', e)
    }
  }

  protected async count(query: EventCountQuery, after: number): Promise<number> {
    const [text, values] =
      'minSlice' in query
        ? [this.sql.countBySlices, [after, query.minSlice, query.maxSlice]]
        : query.tag !== undefined
          ? [this.sql.countByTag, [after, query.tag]]
          : [this.sql.countAll, [after]]
    try {
      return (await this.pool.query<[number]>({ text, values, rowMode: 'array' })).rows[0]![0]
    } catch (e) {
      throw this.mapError('countEvents', e)
    }
  }

  private async readPage(op: string, name: string, text: string, values: unknown[], withHorizon: boolean, limit: number): Promise<StoredPage<P>> {
    this.ensureListening()
    try {
      if (withHorizon) return this.pageWithHorizon((await this.pool.query<HorizonRow>({ name, text, values, rowMode: 'array' })).rows, limit)
      return { events: (await this.pool.query<Row>({ name, text, values, rowMode: 'array' })).rows.map(this.decode) }
    } catch (e) {
      throw this.mapError(op, e)
    }
  }

  // ---- notifications ------------------------------------------------------------------------------

  protected override watchersChanged(count: number): void {
    if (count > 0) this.ensureListening()
    else this.stopListening()
  }

  /** Holds one connection that LISTENs while subscriptions run; it only wakes them (polls cover its absence). */
  private ensureListening(): void {
    if (this.listener !== null || this.listening !== null || this.closed || this.subscriptionCount === 0) return
    this.listening = (async () => {
      let client: pg.PoolClient | null = null
      try {
        client = await this.pool.connect()
        client.on('error', () => this.dropListener(client!))
        client.on('notification', () => this.wakeWatchers())
        await client.query(`LISTEN "${this.sql.channel.replace(/"/g, '""')}"`)
        if (this.closed || this.subscriptionCount === 0) {
          this.dropListener(client)
          return
        }
        this.listener = client
        // Anything appended while we were not listening went unannounced.
        this.wakeWatchers()
      } catch {
        // the 'error' listener may have released it already (the connection broke mid-LISTEN)
        if (client !== null) this.dropListener(client)
      } finally {
        this.listening = null
      }
    })()
  }

  private dropListener(client: pg.PoolClient): void {
    if (this.listener === client) this.listener = null
    try {
      client.release(true)
    } catch {
      // released already
    }
  }

  private stopListening(): void {
    const client = this.listener
    if (client === null) return
    this.listener = null
    // Destroy rather than return it: a pooled connection must not stay subscribed to the channel.
    client.release(true)
  }

  // ---- errors and closing -------------------------------------------------------------------------

  private async connectClient(op: string): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect()
    } catch (e) {
      throw this.mapError(op, e)
    }
  }

  private mapError(op: string, error: unknown): unknown {
    if (this.closed) return new EventStoreClosedError(op)
    if (isUnavailable(error)) return new EventStoreUnavailableError(`${op}: PostgreSQL is unavailable`, error)
    return error
  }

  protected async shutdown(): Promise<void> {
    this.stopListening()
    if (this.listening !== null) await this.listening
    this.stopListening()
    if (this.ownsPool) await this.pool.end()
  }
}
