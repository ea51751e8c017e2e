/**
 * Projections: read models built from a stream of envelopes, with saved offsets.
 *
 * @module
 */
import { requireDuration, requireFunction, requirePositiveInt, type Duration } from '../core/args.js'
import type { FlowGraph } from '../core/Graph.js'
import type { Scheduler } from '../core/Scheduler.js'
import type { RestartSettings } from '../operators/restart/RestartSettings.js'
import { HandlerRecovery } from './HandlerRecovery.js'
import { ProjectionRunner, type DeliveryMode } from './internal/ProjectionRunner.js'
import type { GapPolicy } from './internal/SequenceGuard.js'
import type { OffsetEnvelope } from './Offset.js'
import type { OffsetStore, TransactionalOffsetStore } from './OffsetStore.js'
import type { ProjectionControl } from './ProjectionControl.js'
import type { ProjectionId } from './ProjectionId.js'
import type { ProjectionEvent } from './ProjectionStatus.js'
import type { SourceProvider } from './SourceProvider.js'

/**
 * What every projection is made of.
 *
 * @category projection
 * @since 0.2.0
 */
export interface ProjectionSettings<E extends OffsetEnvelope> {
  /**
   * Name and key; the offset store keeps one row per id. The projection's stream runs under this
   * name (`ProjectionId.format(id)`, e.g. `room-summaries/0-255`) in `runningStreams()`,
   * snapshots and stall reports.
   */
  readonly id: ProjectionId
  /** Where the envelopes come from: `SourceProvider.allEvents(store)`, `eventsBySlices(...)`, a broker. */
  readonly sourceProvider: SourceProvider<E>
  /** What the handler does when it fails on an envelope (default `HandlerRecovery.fail`). */
  readonly recovery?: HandlerRecovery
  /**
   * Restart of the whole projection after a failure, from its last saved offset (default: 1 s
   * doubling to 30 s, 20% random, unlimited).
   */
  readonly restart?: RestartSettings
  /**
   * The per-aggregate sequence guard: duplicates (an envelope whose sequence number was already
   * processed) are always dropped; a gap fails with `SequenceGapError` (`'fail'`), is filled by
   * re-reading the aggregate from the store (`'repair'`), or passes (`'ignore'`). Default:
   * `'fail'` for sources that deliver whole aggregates, `'ignore'` otherwise (a tag). `false`
   * switches the guard off.
   */
  readonly sequenceGuard?: { readonly gaps: GapPolicy } | false
  /** Receives status events (started, progress, failed, restarted, paused, resumed, stopped). */
  readonly onStatus?: (event: ProjectionEvent) => void
  /** Clock and timers (default: real time); a `VirtualScheduler` in tests. */
  readonly scheduler?: Scheduler
}

/**
 * How often an at-least-once projection saves its offset: after this many envelopes, or this
 * long after the first unsaved one, whichever comes first.
 *
 * @category projection
 * @since 0.2.0
 */
export interface SaveOffsetSettings {
  /** Default 100. */
  readonly afterEnvelopes?: number
  /** Default `'1s'`. */
  readonly afterDuration?: Duration
}

/**
 * Groups for grouped handlers: at most `size` envelopes, and no envelope waits more than `within`.
 *
 * @category projection
 * @since 0.2.0
 */
export interface GroupSettings {
  readonly size: number
  readonly within: Duration
}

/**
 * A projection ready to run. `run()` starts it and returns its control.
 *
 * @category projection
 * @since 0.2.0
 */
export interface Projection {
  readonly id: ProjectionId
  /** Starts the projection: loads its offset (or its paused flag) and processes from there. */
  run(): ProjectionControl
}

const DEFAULT_RESTART: RestartSettings = Object.freeze({ minBackoff: 1000, maxBackoff: 30_000, randomFactor: 0.2 })

function projection<E extends OffsetEnvelope>(op: string, settings: ProjectionSettings<E>, store: OffsetStore, mode: DeliveryMode<E>): Projection {
  if (typeof settings !== 'object' || settings === null) throw new TypeError(`${op}(settings): expected an object, got ${String(settings)}`)
  const { id, sourceProvider } = settings
  if (typeof id !== 'object' || id === null || typeof id.name !== 'string')
    throw new TypeError(`${op}(settings.id): expected a ProjectionId (ProjectionId.of(name, key)), got ${String(id)}`)
  if (typeof sourceProvider !== 'object' || sourceProvider === null || typeof sourceProvider.source !== 'function')
    throw new TypeError(`${op}(settings.sourceProvider): expected a SourceProvider (SourceProvider.allEvents(store), ...), got ${String(sourceProvider)}`)
  if (typeof store !== 'object' || store === null || typeof store.save !== 'function')
    throw new TypeError(`${op}(settings.offsetStore): expected an OffsetStore, got ${String(store)}`)
  const guard = settings.sequenceGuard
  const gaps: GapPolicy | 'off' = guard === false ? 'off' : (guard?.gaps ?? (sourceProvider.completeAggregates ? 'fail' : 'ignore'))
  if (gaps !== 'off' && gaps !== 'fail' && gaps !== 'repair' && gaps !== 'ignore')
    throw new RangeError(`${op}(settings.sequenceGuard.gaps): expected 'fail', 'repair' or 'ignore', got ${JSON.stringify(gaps)}`)
  const observers = settings.onStatus === undefined ? [] : [requireFunction(op, 'settings.onStatus', settings.onStatus)]
  return {
    id,
    run: () =>
      new ProjectionRunner<E>({
        id,
        provider: sourceProvider,
        store,
        mode,
        recovery: settings.recovery ?? HandlerRecovery.fail,
        restart: settings.restart ?? DEFAULT_RESTART,
        gaps,
        scheduler: settings.scheduler,
        observers,
      }),
  }
}

function saveOffset(op: string, s: SaveOffsetSettings | undefined): { afterEnvelopes: number; afterDurationMs: number } {
  return {
    afterEnvelopes: s?.afterEnvelopes === undefined ? 100 : requirePositiveInt(op, 'saveOffset.afterEnvelopes', s.afterEnvelopes),
    afterDurationMs: s?.afterDuration === undefined ? 1000 : Math.max(1, requireDuration(op, 'saveOffset.afterDuration', s.afterDuration)),
  }
}

function group(op: string, g: GroupSettings | undefined): { size: number; withinMs: number } {
  if (typeof g !== 'object' || g === null) throw new TypeError(`${op}(settings.group): expected { size, within }, got ${String(g)}`)
  return { size: requirePositiveInt(op, 'group.size', g.size), withinMs: Math.max(1, requireDuration(op, 'group.within', g.within)) }
}

/**
 * Builds projections, one per delivery guarantee:
 *
 * | mode | offset saved | after a crash |
 * |---|---|---|
 * | `exactlyOnce` | in the handler's transaction | nothing lost, nothing twice |
 * | `exactlyOnceGrouped` | in the transaction of each group | nothing lost, nothing twice |
 * | `atLeastOnce` | after `afterEnvelopes` / `afterDuration` | the unsaved envelopes are handled again |
 * | `atMostOnce` | before the handler runs | the envelope in flight is lost |
 *
 * The sequence guard drops what was already processed per aggregate in every mode, so with an
 * event-store source even at-least-once rarely hands an envelope twice (only beyond the guard's
 * window, or without sequence numbers).
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore<{ room: string }>()
 * const counts = new Map<string, number>()
 * const control = Projection.atLeastOnce({
 *   id: ProjectionId.of('room-counts'),
 *   sourceProvider: SourceProvider.allEvents(store),
 *   offsetStore: new InMemoryOffsetStore(),
 *   handler: (e) => { counts.set(e.payload.room, (counts.get(e.payload.room) ?? 0) + 1) },
 * }).run()
 * await store.append('m-1', [{ type: 'MessagePosted', payload: { room: 'general' } }], { expectedSequenceNumber: 0 })
 * await control.whenCaughtUp()
 * counts.get('general') // 1
 * await control.stop()
 * ```
 * @category projection
 * @since 0.2.0
 */
export const Projection = {
  /**
   * At-least-once, one envelope at a time: `handler` is awaited for each envelope, in order;
   * the offset is saved every `saveOffset.afterEnvelopes` envelopes or `afterDuration`.
   */
  atLeastOnce<E extends OffsetEnvelope>(
    settings: ProjectionSettings<E> & {
      readonly offsetStore: OffsetStore
      readonly handler: (envelope: E) => Promise<void> | void
      readonly saveOffset?: SaveOffsetSettings
    },
  ): Projection {
    const op = 'Projection.atLeastOnce'
    const handler = requireFunction(op, 'settings.handler', settings?.handler)
    return projection(op, settings, settings.offsetStore, { kind: 'atLeastOnce', handler, ...saveOffset(op, settings.saveOffset) })
  },
  /**
   * At-least-once through a `Flow` of envelopes: the flow must emit each envelope it was given,
   * in order, once it is done with it (it may do anything in between: `mapAsync`, batching...).
   */
  atLeastOnceFlow<E extends OffsetEnvelope>(
    settings: ProjectionSettings<E> & { readonly offsetStore: OffsetStore; readonly flow: FlowGraph<E, E, unknown>; readonly saveOffset?: SaveOffsetSettings },
  ): Projection {
    const op = 'Projection.atLeastOnceFlow'
    const flow = settings?.flow
    if (typeof flow !== 'object' || flow === null || !('module' in flow)) throw new TypeError(`${op}(settings.flow): expected a Flow, got ${String(flow)}`)
    return projection(op, settings, settings.offsetStore, { kind: 'atLeastOnceFlow', flow, ...saveOffset(op, settings.saveOffset) })
  },
  /** At-least-once in groups: `handler` gets up to `group.size` envelopes at once; the offset is saved after each group. */
  atLeastOnceGrouped<E extends OffsetEnvelope>(
    settings: ProjectionSettings<E> & { readonly offsetStore: OffsetStore; readonly group: GroupSettings; readonly handler: (envelopes: readonly E[]) => Promise<void> | void },
  ): Projection {
    const op = 'Projection.atLeastOnceGrouped'
    const handler = requireFunction(op, 'settings.handler', settings?.handler)
    return projection(op, settings, settings.offsetStore, { kind: 'atLeastOnceGrouped', handler, ...group(op, settings.group) })
  },
  /** At-most-once: the offset is saved (and a broker envelope acknowledged) before `handler` runs. */
  atMostOnce<E extends OffsetEnvelope>(
    settings: ProjectionSettings<E> & { readonly offsetStore: OffsetStore; readonly handler: (envelope: E) => Promise<void> | void },
  ): Projection {
    const op = 'Projection.atMostOnce'
    const handler = requireFunction(op, 'settings.handler', settings?.handler)
    return projection(op, settings, settings.offsetStore, { kind: 'atMostOnce', handler })
  },
  /**
   * Exactly-once: `handler` gets each envelope with the offset store's transaction (a
   * better-sqlite3 database for `SqliteOffsetStore`, where the handler must be synchronous; a
   * `pg.PoolClient` for `PostgresOffsetStore`); its writes and the offset commit together.
   */
  exactlyOnce<E extends OffsetEnvelope, Tx>(
    settings: ProjectionSettings<E> & { readonly offsetStore: TransactionalOffsetStore<Tx>; readonly handler: (envelope: E, tx: Tx) => Promise<void> | void },
  ): Projection {
    const op = 'Projection.exactlyOnce'
    const handler = requireFunction(op, 'settings.handler', settings?.handler)
    const store = requireTransactional(op, settings.offsetStore)
    return projection(op, settings, store, { kind: 'exactlyOnce', store, handler: handler as (e: E, tx: unknown) => unknown })
  },
  /** Exactly-once in groups: one transaction per group of up to `group.size` envelopes. */
  exactlyOnceGrouped<E extends OffsetEnvelope, Tx>(
    settings: ProjectionSettings<E> & {
      readonly offsetStore: TransactionalOffsetStore<Tx>
      readonly group: GroupSettings
      readonly handler: (envelopes: readonly E[], tx: Tx) => Promise<void> | void
    },
  ): Projection {
    const op = 'Projection.exactlyOnceGrouped'
    const handler = requireFunction(op, 'settings.handler', settings?.handler)
    const store = requireTransactional(op, settings.offsetStore)
    return projection(op, settings, store, { kind: 'exactlyOnceGrouped', store, handler: handler as (e: readonly E[], tx: unknown) => unknown, ...group(op, settings.group) })
  },
} as const

function requireTransactional<Tx>(op: string, store: TransactionalOffsetStore<Tx>): TransactionalOffsetStore<unknown> {
  if (typeof store !== 'object' || store === null || typeof store.transaction !== 'function' || typeof store.saveIn !== 'function')
    throw new TypeError(`${op}(settings.offsetStore): expected a transactional offset store (InMemoryOffsetStore, SqliteOffsetStore, PostgresOffsetStore), got ${store === null ? 'null' : typeof store === 'object' ? (store as { kind?: string }).kind ?? 'an object' : typeof store}`)
  return store as TransactionalOffsetStore<unknown>
}
