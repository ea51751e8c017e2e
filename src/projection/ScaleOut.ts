/**
 * Running one projection's slice ranges across several processes, with leases.
 *
 * @module
 */
import { requireDuration, requireFunction, requirePositiveInt, type Duration } from '../core/args.js'
import { defaultScheduler, type Scheduler, type TimerHandle } from '../core/Scheduler.js'
import { SLICE_COUNT } from '../eventstore/sliceOf.js'
import type { LeaseStore } from './LeaseStore.js'
import type { ProjectionControl } from './ProjectionControl.js'

/**
 * One part of a scaled-out projection: the slices `minSlice..maxSlice`, and its key (`'0-255'`),
 * which is also the `ProjectionId` key its offsets are saved under.
 *
 * @category projection
 * @since 0.2.0
 */
export interface SliceRange {
  readonly key: string
  readonly minSlice: number
  readonly maxSlice: number
}

/**
 * Options of {@link ScaleOut.run}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface ScaleOutOptions {
  /** The projection's name (the lease store groups leases and members by it). */
  readonly name: string
  /** This process's id, unique among the members (e.g. `${hostname}-${pid}`). */
  readonly owner: string
  readonly leaseStore: LeaseStore
  /** Into how many ranges the 1024 slices are cut (default 8). Fixed for the life of the projection: offsets are saved per range. */
  readonly ranges?: number
  /** How long a lease lasts without renewal (default `'10s'`); a dead process's ranges are taken over after this. */
  readonly leaseTtl?: Duration
  /** How often leases are renewed and the share rebalanced (default a third of `leaseTtl`). */
  readonly heartbeat?: Duration
  /** Starts the projection of one range (e.g. `Projection.exactlyOnce({ id: ProjectionId.of(name, range.key), sourceProvider: SourceProvider.eventsBySlices(store, range.minSlice, range.maxSlice), ... }).run()`). */
  readonly start: (range: SliceRange) => ProjectionControl
  /** Receives what happens: ranges acquired and released, and errors of the lease store. */
  readonly onEvent?: (event: ScaleOutEvent) => void
  readonly scheduler?: Scheduler
}

/**
 * What a scale-out member reports.
 *
 * @category projection
 * @since 0.2.0
 */
export type ScaleOutEvent =
  | { readonly type: 'acquired'; readonly key: string }
  | { readonly type: 'released'; readonly key: string; readonly reason: 'rebalance' | 'lost' | 'stop' }
  | { readonly type: 'error'; readonly error: unknown }

/**
 * The handle of one member of a scaled-out projection.
 *
 * @category projection
 * @since 0.2.0
 */
export interface ScaleOutControl {
  /** The range keys this member runs now. */
  owned(): string[]
  /** Stops this member's projections (each saves what it processed), releases its leases and leaves. */
  stop(): Promise<void>
  /** Resolves after the first heartbeat (leases taken or not). */
  readonly ready: Promise<void>
}

/** Cuts 0..1023 into `count` contiguous ranges of (nearly) equal size. */
export function sliceRanges(count: number): SliceRange[] {
  requirePositiveInt('sliceRanges', 'count', count)
  if (count > SLICE_COUNT) throw new RangeError(`sliceRanges(count): expected at most ${SLICE_COUNT}, got ${count}`)
  const out: SliceRange[] = []
  for (let i = 0; i < count; i++) {
    const minSlice = Math.floor((i * SLICE_COUNT) / count)
    const maxSlice = Math.floor(((i + 1) * SLICE_COUNT) / count) - 1
    out.push({ key: `${minSlice}-${maxSlice}`, minSlice, maxSlice })
  }
  return out
}

/**
 * Scale-out: N processes run the same projection and share its slice ranges through leases.
 * Each member heartbeats, counts the live members, and aims at its fair share (`ranges /
 * members`, the first members in sorted order taking one more when it does not divide): it takes free or expired ranges while below it and releases
 * ranges (after its projection stopped and saved) while above it. A member that dies stops
 * renewing; its ranges are taken over once their leases expire.
 *
 * Two members can overlap on a range only for the moment between a lease expiring and its old
 * owner noticing; the offset store's compare-and-set makes the old owner's next save fail, so it
 * cannot overwrite the new owner's progress (with exactly-once, not even a read-model write of
 * it commits).
 *
 * @example
 * ```ts
 * const member = ScaleOut.run({
 *   name: 'room-summaries', owner: `worker-${process.pid}`, leaseStore, ranges: 4,
 *   start: (r) => Projection.exactlyOnce({ id: ProjectionId.of('room-summaries', r.key),
 *     sourceProvider: SourceProvider.eventsBySlices(store, r.minSlice, r.maxSlice), offsetStore, handler }).run(),
 * })
 * await member.ready
 * // ... on shutdown:
 * await member.stop()
 * ```
 * @category projection
 * @since 0.2.0
 */
export const ScaleOut = {
  run(options: ScaleOutOptions): ScaleOutControl {
    return new ScaleOutMember(options)
  },
} as const

class ScaleOutMember implements ScaleOutControl {
  readonly ready: Promise<void>
  private markReady!: () => void
  private readonly ranges: SliceRange[]
  private readonly ttlMs: number
  private readonly heartbeatMs: number
  private readonly scheduler: Scheduler
  private readonly running = new Map<string, ProjectionControl>()
  private timer: TimerHandle | undefined = undefined
  private beating: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(private readonly o: ScaleOutOptions) {
    const op = 'ScaleOut.run'
    if (typeof o !== 'object' || o === null) throw new TypeError(`${op}(options): expected an object, got ${String(o)}`)
    if (typeof o.name !== 'string' || o.name === '') throw new TypeError(`${op}(options.name): expected a non-empty string, got ${JSON.stringify(o.name)}`)
    if (typeof o.owner !== 'string' || o.owner === '') throw new TypeError(`${op}(options.owner): expected a non-empty string, got ${JSON.stringify(o.owner)}`)
    requireFunction(op, 'options.start', o.start)
    this.ranges = sliceRanges(o.ranges ?? 8)
    // lease stores take whole milliseconds
    this.ttlMs = o.leaseTtl === undefined ? 10_000 : Math.max(1, Math.round(requireDuration(op, 'options.leaseTtl', o.leaseTtl)))
    this.heartbeatMs = o.heartbeat === undefined ? Math.max(1, Math.floor(this.ttlMs / 3)) : requireDuration(op, 'options.heartbeat', o.heartbeat)
    if (this.heartbeatMs >= this.ttlMs) throw new RangeError(`${op}(options.heartbeat): must be shorter than leaseTtl (${this.ttlMs} ms), got ${this.heartbeatMs} ms`)
    this.scheduler = o.scheduler ?? defaultScheduler
    this.ready = new Promise((resolve) => (this.markReady = resolve))
    this.tick()
  }

  owned(): string[] {
    return [...this.running.keys()].sort()
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer)
    this.timer = undefined
    await this.beating
    await Promise.all([...this.running.keys()].map((key) => this.release(key, 'stop')))
    await this.o.leaseStore.leave(this.o.name, this.o.owner).catch((error: unknown) => this.emit({ type: 'error', error }))
    this.markReady()
  }

  private tick(): void {
    this.beating = this.beat()
      .catch((error: unknown) => this.emit({ type: 'error', error }))
      .finally(() => {
        this.markReady()
        if (!this.stopped) this.timer = this.scheduler.setTimeout(() => this.tick(), this.heartbeatMs)
      })
  }

  private async beat(): Promise<void> {
    const { leaseStore, name, owner } = this.o
    const members = await leaseStore.heartbeat(name, owner, this.ttlMs)
    // keep what is still ours; stop what was lost (its lease expired and someone else may have it)
    const held = new Set(await leaseStore.renew(name, [...this.running.keys()], owner, this.ttlMs))
    for (const key of [...this.running.keys()]) if (!held.has(key)) await this.release(key, 'lost')
    if (this.stopped) return
    // Every member computes the same split from the sorted member list: the first
    // (ranges mod members) members run one range more than the others.
    const count = Math.max(1, members.length)
    const index = Math.max(0, members.indexOf(owner))
    const share = Math.floor(this.ranges.length / count) + (index < this.ranges.length % count ? 1 : 0)
    // too many: give back the highest keys, so that members converge on a stable split
    while (this.running.size > share) {
      const key = this.owned().pop()!
      await this.release(key, 'rebalance')
    }
    if (this.running.size >= share) return
    const holders = await leaseStore.holders(name)
    // members take free ranges starting at an offset of their own, so that they rarely race for one
    const start = index * Math.ceil(this.ranges.length / count)
    for (let i = 0; i < this.ranges.length && this.running.size < share && !this.stopped; i++) {
      const range = this.ranges[(start + i) % this.ranges.length]!
      if (this.running.has(range.key) || holders.has(range.key)) continue
      if (await leaseStore.acquire(name, range.key, owner, this.ttlMs)) {
        if (this.stopped) {
          await leaseStore.release(name, range.key, owner)
          return
        }
        this.running.set(range.key, this.o.start(range))
        this.emit({ type: 'acquired', key: range.key })
      }
    }
  }

  private async release(key: string, reason: 'rebalance' | 'lost' | 'stop'): Promise<void> {
    const control = this.running.get(key)
    if (control === undefined) return
    this.running.delete(key)
    await control.stop()
    if (reason !== 'lost') await this.o.leaseStore.release(this.o.name, key, this.o.owner)
    this.emit({ type: 'released', key, reason })
  }

  private emit(event: ScaleOutEvent): void {
    try {
      this.o.onEvent?.(event)
    } catch {
      // an observer's failure must not stop the member
    }
  }
}
