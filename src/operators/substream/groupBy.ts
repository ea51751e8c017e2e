import { requireDuration, requireFunction, requirePositiveInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { SubstreamTimeoutError, TooManySubstreamsError } from './errors.js'
import { SubSourceOutlet } from './internal/SubSourceOutlet.js'

/** Options of {@link groupBy}. */
export interface GroupByOptions {
  /**
   * What a new key does while `maxSubstreams` substreams are open: `'fail'` (default) fails the
   * stream with a {@link TooManySubstreamsError}; `'backpressure'` holds the element (and so
   * upstream) until a substream closes.
   */
  readonly overflow?: 'fail' | 'backpressure'
  /**
   * When a substream was cancelled (its consumer took what it wanted), later elements of that
   * key are dropped (default, `false`), or open a new substream for the key (`true`).
   */
  readonly allowClosedSubstreamRecreation?: boolean
  /** A substream Source not run within this time is cancelled (default `'5s'`). */
  readonly subscriptionTimeout?: Duration
}

/**
 * Splits the stream into one substream per key: emits a new substream `Source` the first time
 * a key is seen and routes every element to the substream of its key. This is the raw form; the
 * DSL's `source.groupBy(max, keyOf)` returns a `SubFlow` that runs and merges the substreams.
 *
 * ```
 * in:   -1--2--3--4--|
 * out:  -A--B--------|         groupBy(2, x => x % 2)
 * A:     1-----3-----|
 * B:        2-----4--|
 * ```
 * - **Emits when** an element has a new key and downstream pulls (the element then waits for its substream's first pull)
 * - **Backpressures when** the substream the current element belongs to backpressures, or a new
 *   substream cannot be emitted yet (downstream busy, or `maxSubstreams` open under `'backpressure'`)
 * - **Completes when** upstream completes (every substream completes too)
 * - **Fails when** upstream fails, `keyOf` throws, a new key exceeds `maxSubstreams` under
 *   `'fail'`, or a substream is cancelled with an error (every substream fails too)
 * - **Cancels when** downstream cancels and no substream is open, or a substream cancels with an error
 *
 * @example
 * ```ts
 * const out = await Source.range(1, 6).groupBy(2, (x) => x % 2).map((x) => x * 10).mergeSubstreams().runCollect()
 * out.sort((a, b) => a - b) // [10, 20, 30, 40, 50, 60]
 * ```
 * @see {@link splitWhen}, {@link flatMapMerge}, {@link TooManySubstreamsError}
 * @category substream
 * @since 0.1.0
 */
export function groupBy<T, K>(
  maxSubstreams: number,
  keyOf: (x: T) => K,
  options: GroupByOptions = {},
): FlowGraph<T, SourceGraph<T, NotUsed>, NotUsed> {
  requirePositiveInt('groupBy', 'maxSubstreams', maxSubstreams)
  requireFunction('groupBy', 'keyOf', keyOf)
  const overflow = options.overflow ?? 'fail'
  if (overflow !== 'fail' && overflow !== 'backpressure')
    throw new RangeError(`groupBy(options.overflow): expected 'fail' or 'backpressure', got ${String(overflow)}`)
  const timeout = requireDuration('groupBy', 'options.subscriptionTimeout', options.subscriptionTimeout ?? 5000)
  const recreate = options.allowClosedSubstreamRecreation ?? false
  return flowOf('groupBy', () => new GroupBy(maxSubstreams, keyOf, overflow === 'fail', recreate, timeout))
}

/** One open substream. */
class Group<T, K> {
  wants = false
  outlet: SubSourceOutlet<T> = null as unknown as SubSourceOutlet<T>
  constructor(readonly key: K) {}
}

class GroupBy<T, K> extends LinearStage<T, SourceGraph<T, NotUsed>> {
  private readonly groups = new Map<K, Group<T, K>>()
  private readonly closedKeys = new Set<K>()
  /** Substreams that pulled and got nothing yet: while any does, upstream may be pulled. */
  private wanting = 0
  /** The one element held back: for `pendingGroup`, or (when that is null) for a substream not opened yet. */
  private pending: T | undefined = undefined
  private pendingKey: K = undefined as K
  private pendingGroup: Group<T, K> | null = null

  constructor(
    private readonly max: number,
    private readonly keyOf: (x: T) => K,
    private readonly failOnOverflow: boolean,
    private readonly recreate: boolean,
    private readonly timeoutMs: number,
  ) {
    super()
  }

  override onPull(): void {
    if (this.pending !== undefined && this.pendingGroup === null) this.openSubstream()
    else this.tryPull()
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const key = this.keyOf(elem)
    const group = this.groups.get(key)
    if (group !== undefined) {
      if (group.wants) return this.deliver(group, elem)
      this.pending = elem
      this.pendingGroup = group
      return
    }
    if (this.closedKeys.has(key) || this.isClosed(this.out)) return this.tryPull() // dropped: nobody will take it
    if (this.groups.size >= this.max && this.failOnOverflow) return this.failStage(new TooManySubstreamsError('groupBy', this.max))
    this.pending = elem
    this.pendingKey = key
    this.openSubstream()
  }

  override onUpstreamFinish(): void {
    if (this.pending === undefined) return this.completeStage()
    // Hold the stage until the held element is delivered; every other substream is done.
    for (const group of this.groups.values()) if (group !== this.pendingGroup) this.closeGroup(group)
    if (this.pendingGroup === null) this.openSubstream() // closing the others made room
  }

  override onDownstreamFinish(cause: unknown): void {
    if (cause !== undefined || this.groups.size === 0) return this.cancelStage(cause)
    // Keep feeding the open substreams; elements of new keys are dropped from now on.
    if (this.pending !== undefined && this.pendingGroup === null) this.pending = undefined
    this.tryPull()
  }

  override completeStage(): void {
    for (const group of this.groups.values()) group.outlet.complete()
    this.groups.clear()
    super.completeStage()
  }

  override cancelStage(cause: unknown): void {
    for (const group of this.groups.values()) group.outlet.complete()
    this.groups.clear()
    super.cancelStage(cause)
  }

  override failStage(error: unknown): void {
    for (const group of this.groups.values()) group.outlet.fail(error)
    this.groups.clear()
    super.failStage(error)
  }

  /** Emits a substream for the pending element's key, when there is room and demand. */
  private openSubstream(): void {
    if (this.groups.size >= this.max || !this.isAvailable(this.out)) return
    const group = new Group<T, K>(this.pendingKey)
    group.outlet = new SubSourceOutlet<T>(this, 'substream', {
      onPull: () => this.substreamPulled(group),
      onDownstreamFinish: (cause) => this.substreamCancelled(group, cause),
    })
    this.groups.set(group.key, group)
    this.pendingGroup = group
    group.outlet.timeout(this.timeoutMs)
    this.push(this.out, group.outlet.source())
  }

  private deliver(group: Group<T, K>, elem: T): void {
    group.wants = false
    this.wanting--
    group.outlet.push(elem)
    this.tryPull()
  }

  private substreamPulled(group: Group<T, K>): void {
    group.wants = true
    this.wanting++
    if (group !== this.pendingGroup) return this.tryPull()
    const elem = this.pending!
    this.pending = undefined
    this.pendingGroup = null
    this.deliver(group, elem)
    if (this.isClosed(this.in)) this.completeStage()
  }

  private substreamCancelled(group: Group<T, K>, cause: unknown): void {
    if (cause !== undefined && !(cause instanceof SubstreamTimeoutError)) return this.failStage(cause)
    this.groups.delete(group.key)
    if (group.wants) this.wanting--
    if (!this.recreate) this.closedKeys.add(group.key)
    if (group === this.pendingGroup) {
      this.pending = undefined
      this.pendingGroup = null
    }
    if (this.isClosed(this.in) && this.pending === undefined) return this.completeStage()
    if (this.isClosed(this.out) && this.groups.size === 0) return this.cancelStage(undefined)
    if (this.pending !== undefined && this.pendingGroup === null) this.openSubstream() // room again under 'backpressure'
    this.tryPull()
  }

  private closeGroup(group: Group<T, K>): void {
    this.groups.delete(group.key)
    group.outlet.complete()
  }

  private tryPull(): void {
    if (this.pending === undefined && !this.hasBeenPulled(this.in) && !this.isClosed(this.in) && (this.wanting > 0 || this.isAvailable(this.out)))
      this.pull(this.in)
  }
}
