import { requireDuration, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Does not pull upstream until `duration` has passed since the stream started; from then on it
 * passes everything through.
 *
 * ```
 * in:  abc|
 * out: -----(abc|)      initialDelay(5)   (one tick = 1 ms; upstream first pulled at 5)
 * ```
 * - **Emits when** upstream emits, once the delay has passed
 * - **Backpressures when** the delay has not passed yet, or downstream backpressures
 * - **Completes when** upstream completes (even before the delay is over)
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // give the service a second to start before sending to it
 * const scheduler = new VirtualScheduler()
 * const done = Source.from(['hello']).initialDelay('1s').map((x) => `${x}@${scheduler.now()}`).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await done // ['hello@1000']
 * ```
 * @see {@link delay}, {@link dropWithin}
 * @category time
 * @since 0.1.0
 */
export function initialDelay<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requireDuration('initialDelay', 'duration', duration)
  return flowOf('initialDelay', () => new InitialDelay<T>(ms))
}

class InitialDelay<T> extends LinearStage<T, T> {
  private open = false
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    if (this.ms === 0) this.openUp()
    else this.scheduleOnce('initialDelay', this.ms)
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onPull(): void {
    if (this.open) this.pull(this.in)
  }
  override onTimer(): void {
    this.openUp()
    if (this.isAvailable(this.out)) this.pull(this.in)
  }
  private openUp(): void {
    this.open = true
    this.passPullsThrough()
  }
}
