import { requireDuration, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes elements on until `duration` has passed since the stream started, then cancels
 * upstream and completes.
 *
 * ```
 * in:  -a--b--c--d-|
 * out: -a--b-|          takeWithin(6)   (one tick = 1 ms)
 * ```
 * - **Emits when** upstream emits before the time is up
 * - **Backpressures when** downstream backpressures
 * - **Completes when** the time is up (with no pull at all for a duration of 0), or upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** the time is up, or downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // read a live feed for 2.5 seconds
 * const scheduler = new VirtualScheduler()
 * const done = Source.tick(0, '1s', 'ping').takeWithin('2.5s').runCollect({ scheduler })
 * await scheduler.advance(2500)
 * await done // ['ping', 'ping', 'ping']
 * ```
 * @see {@link dropWithin}, {@link operators!simple.take | take}, {@link completionTimeout}
 * @category time
 * @since 0.1.0
 */
export function takeWithin<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requireDuration('takeWithin', 'duration', duration)
  return flowOf('takeWithin', () => new TakeWithin<T>(ms))
}

class TakeWithin<T> extends LinearStage<T, T> {
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    if (this.ms === 0) this.completeStage()
    else this.scheduleOnce('takeWithin', this.ms)
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onTimer(): void {
    this.completeStage()
  }
}
