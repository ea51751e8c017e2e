import { requireDuration, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Drops the elements that arrive within `duration` of the start of the stream (an element
 * arriving exactly at `duration` is still dropped), then passes everything on.
 *
 * ```
 * in:  -a--b--c--d-|
 * out: -------c--d-|    dropWithin(6)   (one tick = 1 ms)
 * ```
 * - **Emits when** upstream emits after the time is up
 * - **Backpressures when** the time is up and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // ignore the readings of a sensor while it warms up
 * const scheduler = new VirtualScheduler()
 * const readings = Source.tick(0, 100, 'r').zipWithIndex().map(([, i]) => i).dropWithin(250).take(2)
 * const done = readings.runCollect({ scheduler })
 * await scheduler.advance(400)
 * await done // [3, 4]
 * ```
 * @see {@link takeWithin}, {@link operators!simple.drop | drop}, {@link initialDelay}
 * @category time
 * @since 0.1.0
 */
export function dropWithin<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requireDuration('dropWithin', 'duration', duration)
  return flowOf('dropWithin', () => new DropWithin<T>(ms))
}

class DropWithin<T> extends LinearStage<T, T> {
  private end = 0
  private open = false
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    // No timer: the clock is read per element until the time is up, then not any more.
    this.end = this.scheduler.now() + this.ms
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.open || (this.open = this.scheduler.now() > this.end)) this.push(this.out, elem)
    else this.pull(this.in)
  }
}
