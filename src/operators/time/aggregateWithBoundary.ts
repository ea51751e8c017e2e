import { requireFunction, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

/** The timer of {@link aggregateWithBoundary}: every `interval`, a pending aggregate for which `predicate` holds is emitted. */
export interface AggregateTimer<Agg> {
  readonly predicate: (agg: Agg) => boolean
  readonly interval: Duration
}

/**
 * Builds aggregates from the elements and emits each when it is complete (Pekko's
 * `aggregateWithBoundary`): `allocate` starts an aggregate at the first element of each,
 * `aggregate(agg, x)` returns `[agg, complete]`, and `harvest(agg)` turns a complete aggregate
 * into the element emitted. With `emitOnTimer`, every `interval` a pending aggregate for which
 * `predicate` holds is harvested and emitted too (a batch that waited long enough). Upstream
 * completion emits the pending aggregate.
 *
 * ```
 * in:  -a-b-c-d-----|
 * out: ---A---B-----|    aggregateWithBoundary(() => [], (agg, x) => [[...agg, x], agg.length === 1], (agg) => agg)   A=[a,b] B=[c,d]
 * ```
 * - **Emits when** an aggregate is complete, or the timer finds `predicate` true for the pending one, and downstream pulls
 * - **Backpressures when** a harvested aggregate waits for downstream (upstream is read to build the next one otherwise)
 * - **Completes when** upstream completes and the last aggregate has been emitted
 * - **Fails when** upstream fails, or `allocate`, `aggregate`, `harvest` or `predicate` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const lines = Source.from(['a', 'b', '', 'c', ''])
 * const paragraphs = lines.aggregateWithBoundary(
 *   () => [] as string[],
 *   (agg, line) => (line === '' ? [agg, true] : [[...agg, line], false]),
 *   (agg) => agg.join(' '),
 * )
 * await paragraphs.runCollect() // ['a b', 'c']
 * ```
 * @see {@link operators!simple.groupedWeighted | groupedWeighted}, {@link operators!buffer.batch | batch}, {@link groupedWithin}
 * @category time
 * @since 0.2.0
 */
export function aggregateWithBoundary<T, Agg, Emit>(
  allocate: () => Agg,
  aggregate: (agg: Agg, x: T) => readonly [Agg, boolean],
  harvest: (agg: Agg) => Emit,
  emitOnTimer?: AggregateTimer<Agg>,
): FlowGraph<T, Emit, NotUsed> {
  requireFunction('aggregateWithBoundary', 'allocate', allocate)
  requireFunction('aggregateWithBoundary', 'aggregate', aggregate)
  requireFunction('aggregateWithBoundary', 'harvest', harvest)
  let timer: { predicate: (agg: Agg) => boolean; ms: number } | null = null
  if (emitOnTimer !== undefined) {
    requireFunction('aggregateWithBoundary', 'emitOnTimer.predicate', emitOnTimer.predicate)
    timer = { predicate: emitOnTimer.predicate, ms: requirePositiveDuration('aggregateWithBoundary', 'emitOnTimer.interval', emitOnTimer.interval) }
  }
  return flowOf('aggregateWithBoundary', () => new AggregateWithBoundary(allocate, aggregate, harvest, timer))
}

const TIMER = 'aggregate'

class AggregateWithBoundary<T, Agg, Emit> extends LinearStage<T, Emit> {
  private agg: Agg | undefined = undefined
  private hasAgg = false
  /** Harvested aggregates waiting for downstream: at most three (one from the timer, one completed by the element already pulled, the last one at completion). */
  private readonly ready: Emit[] = []
  constructor(
    private readonly allocate: () => Agg,
    private readonly aggregate: (agg: Agg, x: T) => readonly [Agg, boolean],
    private readonly harvest: (agg: Agg) => Emit,
    private readonly timer: { readonly predicate: (agg: Agg) => boolean; readonly ms: number } | null,
  ) {
    super()
  }
  override preStart(): void {
    if (this.timer !== null) this.scheduleAtFixedRate(TIMER, this.timer.ms, this.timer.ms)
    this.pull(this.in)
  }
  onPush(): void {
    const elem = this.grab(this.in)
    const [agg, complete] = this.aggregate(this.hasAgg ? (this.agg as Agg) : this.allocate(), elem)
    this.agg = agg
    this.hasAgg = true
    if (complete) this.harvestNow()
    else this.pull(this.in)
  }
  override onPull(): void {
    this.pushReady()
  }
  override onTimer(): void {
    // One harvested aggregate waiting is enough: the timer does not pile up more behind it.
    if (this.hasAgg && this.ready.length === 0 && this.timer!.predicate(this.agg as Agg)) this.harvestNow()
  }
  override onUpstreamFinish(): void {
    if (this.hasAgg) this.ready.push(this.takeHarvest())
    this.pushReady()
  }
  private harvestNow(): void {
    this.ready.push(this.takeHarvest())
    this.pushReady()
  }
  private takeHarvest(): Emit {
    const agg = this.agg as Agg
    this.agg = undefined
    this.hasAgg = false
    return this.harvest(agg)
  }
  private pushReady(): void {
    if (this.ready.length > 0 && this.isAvailable(this.out)) this.push(this.out, this.ready.shift()!)
    if (this.isClosed(this.in)) {
      if (this.ready.length === 0) this.completeStage()
    } else if (this.ready.length === 0 && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }
}
