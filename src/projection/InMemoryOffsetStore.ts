/**
 * The embedded offset store: offsets in this process's memory.
 *
 * @module
 */
import { requirePositiveInt } from '../core/args.js'
import { OffsetConflictError } from './errors.js'
import { requireBoolean, requireOffset, requireProjectionId, requireUpdate, requireVersion } from './internal/storeChecks.js'
import { StoreClosedError } from './StoreClosedError.js'
import type { Offset } from './Offset.js'
import type { OffsetUpdate, StoredOffset, TransactionalOffsetStore } from './OffsetStore.js'
import type { ProjectionId } from './ProjectionId.js'

/**
 * Options of {@link InMemoryOffsetStore}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface InMemoryOffsetStoreOptions {
  /** Aggregates whose last sequence number is kept per projection (default 1000, the most recently advanced). */
  readonly sequenceWindow?: number
}

interface Row {
  offset: Offset | undefined
  sequences: Map<string, number>
  paused: boolean
  version: number
}

/**
 * The transaction an {@link InMemoryOffsetStore} hands to an exactly-once handler. Memory has no
 * rollback: the offset is saved only after the handler resolved, so a handler that throws leaves
 * the offset where it was. What the handler wrote elsewhere is its own business.
 *
 * @category projection
 * @since 0.2.0
 */
export interface InMemoryTransaction {
  readonly store: InMemoryOffsetStore
}

/**
 * Offsets in memory: the default for examples, demos and tests, with the whole contract of the
 * database stores (compare-and-set on `version`, the bounded sequence window, the paused flag).
 * Everything is gone when the process ends, so "exactly once" here means "exactly once per
 * process": use `SqliteOffsetStore` or `PostgresOffsetStore` for read models that must survive.
 *
 * @example
 * ```ts
 * const offsets = new InMemoryOffsetStore()
 * const id = ProjectionId.of('rooms')
 * await offsets.save(id, { offset: 7, sequences: new Map() }, 0)
 * ;(await offsets.load(id)).offset // 7
 * ```
 * @see {@link OffsetStore}
 * @category projection
 * @since 0.2.0
 */
export class InMemoryOffsetStore implements TransactionalOffsetStore<InMemoryTransaction> {
  readonly kind = 'memory'
  private readonly rows = new Map<string, Row>()
  private readonly window: number
  private readonly tx: InMemoryTransaction = { store: this }

  constructor(options: InMemoryOffsetStoreOptions = {}) {
    this.window = options.sequenceWindow === undefined ? 1000 : requirePositiveInt('InMemoryOffsetStore', 'sequenceWindow', options.sequenceWindow)
  }

  private closed = false

  load(id: ProjectionId): Promise<StoredOffset> {
    try {
      this.open('load')
      requireProjectionId('load', id)
    } catch (e) {
      return Promise.reject(e)
    }
    const row = this.rows.get(keyOf(id))
    if (row === undefined) return Promise.resolve({ offset: undefined, sequences: new Map(), paused: false, version: 0 })
    return Promise.resolve({ offset: row.offset, sequences: new Map(row.sequences), paused: row.paused, version: row.version })
  }

  save(id: ProjectionId, update: OffsetUpdate, expectedVersion: number): Promise<number> {
    try {
      return Promise.resolve(this.saveNow(id, update, expectedVersion))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  saveIn(_tx: InMemoryTransaction, id: ProjectionId, update: OffsetUpdate, expectedVersion: number): number {
    return this.saveNow(id, update, expectedVersion)
  }

  async transaction<R>(work: (tx: InMemoryTransaction) => R | Promise<R>): Promise<R> {
    return await work(this.tx)
  }

  setOffset(id: ProjectionId, offset: Offset | undefined): Promise<void> {
    try {
      this.open('setOffset')
      requireProjectionId('setOffset', id)
      requireOffset('setOffset', 'offset', offset, true)
    } catch (e) {
      return Promise.reject(e)
    }
    const row = this.row(id)
    row.offset = offset
    row.sequences.clear()
    row.version++
    return Promise.resolve()
  }

  setPaused(id: ProjectionId, paused: boolean): Promise<void> {
    try {
      this.open('setPaused')
      requireProjectionId('setPaused', id)
      requireBoolean('setPaused', 'paused', paused)
    } catch (e) {
      return Promise.reject(e)
    }
    this.row(id).paused = paused
    return Promise.resolve()
  }

  close(): Promise<void> {
    this.closed = true
    return Promise.resolve()
  }

  private open(op: string): void {
    if (this.closed) throw new StoreClosedError(op, 'in-memory offset store')
  }

  private saveNow(id: ProjectionId, update: OffsetUpdate, expectedVersion: number): number {
    this.open('save')
    requireProjectionId('save', id)
    requireUpdate('save', update)
    requireVersion('save', expectedVersion)
    const key = keyOf(id)
    const actual = this.rows.get(key)?.version ?? 0
    if (actual !== expectedVersion) throw new OffsetConflictError(id, expectedVersion, actual)
    const row = this.row(id)
    row.offset = update.offset
    if (update.resetSequences === true) row.sequences.clear()
    for (const [aggregateId, seq] of update.sequences) {
      // delete first so that the Map's insertion order is recency order
      row.sequences.delete(aggregateId)
      row.sequences.set(aggregateId, seq)
    }
    if (row.sequences.size > this.window) {
      let excess = row.sequences.size - this.window
      for (const aggregateId of row.sequences.keys()) {
        if (excess-- === 0) break
        row.sequences.delete(aggregateId)
      }
    }
    return ++row.version
  }

  private row(id: ProjectionId): Row {
    const key = keyOf(id)
    let row = this.rows.get(key)
    if (row === undefined) {
      row = { offset: undefined, sequences: new Map(), paused: false, version: 0 }
      this.rows.set(key, row)
    }
    return row
  }
}

function keyOf(id: ProjectionId): string {
  return JSON.stringify([id.name, id.key])
}

