import type { Duration } from '../../core/args.js'
import { TimeoutError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

/**
 * Fails the stream with a {@link TimeoutError} if it has not completed within `duration` of its
 * start, exactly at that deadline.
 *
 * ```
 * in:  -a--b---c--d-
 * out: -a--b--#          completionTimeout(7)   (one tick = 1 ms)
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or the stream is still running after `duration`
 * - **Cancels when** downstream cancels, or on the timeout (with the TimeoutError as the cause)
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * const err = await Source.never<number>().completionTimeout('10ms').runCollect().catch((e) => e)
 * err.message // 'completionTimeout: the stream did not complete within 10 ms'
 * ```
 * @see {@link idleTimeout}, {@link initialTimeout}, {@link takeWithin}
 * @category time
 * @since 0.1.0
 */
export function completionTimeout<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requirePositiveDuration('completionTimeout', 'duration', duration)
  return flowOf('completionTimeout', () => new CompletionTimeout<T>(ms))
}

class CompletionTimeout<T> extends LinearStage<T, T> {
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    this.scheduleOnce('completionTimeout', this.ms)
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onTimer(): void {
    this.failStage(new TimeoutError(this.name, this.ms, `${this.name}: the stream did not complete within ${this.ms} ms`))
  }
}
