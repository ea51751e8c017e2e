import type { Duration } from '../../core/args.js'
import { TimeoutError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

const TIMER = 'initialTimeout'

/**
 * Fails the stream with a {@link TimeoutError} if the first element has not passed within
 * `duration` of the start, exactly at that deadline; after the first element it does nothing.
 *
 * ```
 * in:  --------a--
 * out: -----#          initialTimeout(5)   (one tick = 1 ms)
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or no element passed within `duration`
 * - **Cancels when** downstream cancels, or on the timeout (with the TimeoutError as the cause)
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * const err = await Source.never<number>().initialTimeout('10ms').runCollect().catch((e) => e)
 * err.message // 'initialTimeout: the first element did not arrive within 10 ms'
 * ```
 * @see {@link idleTimeout}, {@link completionTimeout}
 * @category time
 * @since 0.1.0
 */
export function initialTimeout<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requirePositiveDuration('initialTimeout', 'duration', duration)
  return flowOf('initialTimeout', () => new InitialTimeout<T>(ms))
}

class InitialTimeout<T> extends LinearStage<T, T> {
  private seen = false
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    this.scheduleOnce(TIMER, this.ms)
  }
  onPush(): void {
    if (!this.seen) {
      this.seen = true
      this.cancelTimer(TIMER)
    }
    this.push(this.out, this.grab(this.in))
  }
  override onTimer(): void {
    this.failStage(new TimeoutError(this.name, this.ms, `${this.name}: the first element did not arrive within ${this.ms} ms`))
  }
}
