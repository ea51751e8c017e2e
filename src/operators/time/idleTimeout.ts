import { requirePositiveDuration } from './internal/duration.js'
import type { Duration } from '../../core/args.js'
import { TimeoutError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

const TIMER = 'idleTimeout'

/**
 * Fails the stream with a {@link TimeoutError} when no element has passed for `duration`
 * (counted from the start, then from each element). The deadline is exact: the failure comes at
 * the last element's time plus `duration`.
 *
 * ```
 * in:  -a--b-------
 * out: -a--b-----#      idleTimeout(6)   (one tick = 1 ms; # = TimeoutError at 4 + 6)
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or `duration` passes with no element
 * - **Cancels when** downstream cancels, or on the timeout (with the TimeoutError as the cause)
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // give up on a feed that went silent for 10 seconds
 * const err = await Source.never<number>().idleTimeout('10ms').runCollect().catch((e) => e)
 * err.message // 'idleTimeout: no element passed for 10 ms'
 * ```
 * @see {@link completionTimeout}, {@link initialTimeout}, {@link backpressureTimeout}, {@link keepAlive}
 * @category time
 * @since 0.1.0
 */
export function idleTimeout<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requirePositiveDuration('idleTimeout', 'duration', duration)
  return flowOf('idleTimeout', () => new IdleTimeout<T>(ms))
}

class IdleTimeout<T> extends LinearStage<T, T> {
  private last = 0
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    this.last = this.scheduler.now()
    this.scheduleOnce(TIMER, this.ms)
  }
  onPush(): void {
    // One timer for the whole run: an element only moves the deadline, the timer catches up.
    this.last = this.scheduler.now()
    this.push(this.out, this.grab(this.in))
  }
  override onTimer(): void {
    const left = this.last + this.ms - this.scheduler.now()
    if (left > 0) return this.scheduleOnce(TIMER, left)
    this.failStage(new TimeoutError(this.name, this.ms, `${this.name}: no element passed for ${this.ms} ms`))
  }
}
