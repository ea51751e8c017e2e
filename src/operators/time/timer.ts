import { requireDefined, requireDuration, type Duration } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits `value` once, `delay` after the stream started (or when downstream pulls, if later), then
 * completes.
 *
 * ```
 * out: -----(x|)    timer(5, 'x')   (one tick = 1 ms)
 * ```
 * - **Emits when** `delay` has passed and downstream has pulled
 * - **Completes when** the value was emitted
 * - **Fails when** never
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * await Source.timer('10ms', 'done').runCollect() // ['done']
 * ```
 * @see {@link tick}, {@link initialDelay}
 * @category time
 * @since 0.1.0
 */
export function timer<T>(delay: Duration, value: T): SourceGraph<T, NotUsed> {
  const ms = requireDuration('timer', 'delay', delay)
  requireDefined('timer', 'value', value)
  return sourceOf('timer', () => new Timer<T>(ms, value))
}

class Timer<T> extends SourceStage<T> {
  private fired = false
  constructor(
    private readonly ms: number,
    private readonly value: T,
  ) {
    super()
  }
  override preStart(): void {
    this.scheduleOnce('timer', this.ms)
  }
  onPull(): void {
    if (this.fired) this.emit()
  }
  override onTimer(): void {
    this.fired = true
    if (this.isAvailable(this.out)) this.emit()
  }
  private emit(): void {
    this.push(this.out, this.value)
    this.completeStage()
  }
}
