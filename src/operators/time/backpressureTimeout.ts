import type { Duration } from '../../core/args.js'
import { TimeoutError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

const TIMER = 'backpressureTimeout'

/**
 * Fails the stream with a {@link TimeoutError} when downstream has not asked for the next element
 * within `duration` of the previous one being emitted (or of the start, for the first pull). The
 * deadline is exact.
 *
 * ```
 * in:  -a-b------
 * out: -a-b----#        backpressureTimeout(5)   (one tick = 1 ms; downstream pulls again at once after a,
 *                       but not after b: # at 3 + 5)
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or downstream did not pull within `duration` after an emission
 * - **Cancels when** downstream cancels, or on the timeout (with the TimeoutError as the cause)
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // fail rather than wait forever on a consumer that stopped reading
 * const guarded = Source.range(1, 100).backpressureTimeout('5s')
 * (await guarded.runCollect()).length // 100
 * ```
 * @see {@link idleTimeout}, {@link completionTimeout}
 * @category time
 * @since 0.1.0
 */
export function backpressureTimeout<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requirePositiveDuration('backpressureTimeout', 'duration', duration)
  return flowOf('backpressureTimeout', () => new BackpressureTimeout<T>(ms))
}

class BackpressureTimeout<T> extends LinearStage<T, T> {
  /** Downstream has not pulled since the last emission (or since the start). */
  private waiting = true
  private since = 0
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    this.since = this.scheduler.now()
    this.scheduleOnce(TIMER, this.ms)
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
    this.waiting = true
    this.since = this.scheduler.now()
    // One timer at a time: it is set again here only if it stopped while demand was flowing.
    if (!this.isTimerActive(TIMER)) this.scheduleOnce(TIMER, this.ms)
  }
  override onPull(): void {
    this.waiting = false
    this.pull(this.in)
  }
  override onTimer(): void {
    if (!this.waiting) return
    const left = this.since + this.ms - this.scheduler.now()
    if (left > 0) return this.scheduleOnce(TIMER, left)
    this.failStage(new TimeoutError(this.name, this.ms, `${this.name}: downstream did not pull within ${this.ms} ms`))
  }
}
