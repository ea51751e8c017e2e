import type { Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

const TIMER = 'sample'

/**
 * Every `period`, emits the latest element that arrived since the previous sample, if any.
 * Upstream is read eagerly (never slowed down) and at most one element is held. An element that
 * arrived after the last tick is dropped when upstream completes (as RxJS `sampleTime` does).
 *
 * ```
 * in:  -a-b--c-----d-|
 * out: -----b----c---|    sample(5)   ticks at 5, 10, 15 (one tick = 1 ms); d came after the last tick
 * ```
 * - **Emits when** a tick found a new element since the last sample (as soon as downstream pulls; a newer element may replace it until then)
 * - **Backpressures when** never
 * - **Completes when** upstream completes (after a sampled element still waiting for downstream)
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // positions 1..10 at 5, 15, ..., 95 ms; show the latest every 25 ms
 * const scheduler = new VirtualScheduler()
 * const positions = Source.tick(5, 10, 'p').zipWithIndex().map(([, i]) => i + 1).take(10)
 * const done = positions.sample(25).runCollect({ scheduler })
 * await scheduler.advance(200)
 * await done // [2, 5, 7]
 * ```
 * @see {@link debounce}, {@link operators!buffer.conflate | conflate}
 * @category time
 * @since 0.1.0
 */
export function sample<T>(period: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requirePositiveDuration('sample', 'period', period)
  return flowOf('sample', () => new Sample<T>(ms))
}

class Sample<T> extends LinearStage<T, T> {
  private latest: T | undefined = undefined
  /** A tick found `latest`: it goes out at the next pull. */
  private due = false
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    this.scheduleAtFixedRate(TIMER, this.ms, this.ms)
    this.pull(this.in)
  }
  onPush(): void {
    this.latest = this.grab(this.in)
    this.pull(this.in)
  }
  override onPull(): void {
    if (this.due) this.emit()
  }
  override onTimer(): void {
    if (this.latest === undefined) return
    this.due = true
    if (this.isAvailable(this.out)) this.emit()
  }
  override onUpstreamFinish(): void {
    if (!this.due) return this.completeStage()
    this.cancelTimer(TIMER)
    const elem = this.latest!
    this.latest = undefined
    this.pushThenComplete(this.out, elem)
  }
  private emit(): void {
    const elem = this.latest!
    this.latest = undefined
    this.due = false
    this.push(this.out, elem)
    if (this.isClosed(this.in)) this.completeStage()
  }
}
