import type { Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'

const TIMER = 'debounce'

/**
 * Emits an element only once `duration` has passed without a newer one; each new element
 * replaces the one held and restarts the wait. Upstream is read eagerly (never slowed down), and
 * at most one element is held. When upstream completes, the held element is emitted at once.
 *
 * ```
 * in:  -a-b-------c---|
 * out: --------b------(c|)   debounce(5)   (one tick = 1 ms; c is flushed when upstream completes)
 * ```
 * - **Emits when** `duration` passed since the latest element without a newer one (as soon as downstream pulls), or upstream completed with an element held
 * - **Backpressures when** never; an element that became due while downstream is busy is replaced if a newer one arrives first
 * - **Completes when** upstream completes and the held element, if any, was emitted
 * - **Fails when** upstream fails (the held element is dropped)
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // search only once the user stopped typing for 300 ms
 * await Source.from(['s', 'st', 'str']).debounce('300ms').runCollect() // ['str']
 * ```
 * @see {@link sample}, {@link throttle}, {@link operators!buffer.conflate | conflate}
 * @category time
 * @since 0.1.0
 */
export function debounce<T>(duration: Duration): FlowGraph<T, T, NotUsed> {
  const ms = requirePositiveDuration('debounce', 'duration', duration)
  return flowOf('debounce', () => new Debounce<T>(ms))
}

class Debounce<T> extends LinearStage<T, T> {
  private held: T | undefined = undefined
  private due = false
  /** When the held element becomes due. */
  private deadline = 0
  constructor(private readonly ms: number) {
    super()
  }
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    this.held = this.grab(this.in)
    this.due = false
    this.deadline = this.scheduler.now() + this.ms
    // One timer at a time: a burst of elements only moves the deadline, and the timer that is
    // already running catches up when it fires (no clear-and-set per element).
    if (!this.isTimerActive(TIMER)) this.scheduleOnce(TIMER, this.ms)
    this.pull(this.in)
  }
  override onPull(): void {
    if (this.due) this.emit()
  }
  override onTimer(): void {
    if (this.held === undefined) return
    const left = this.deadline - this.scheduler.now()
    if (left > 0) return this.scheduleOnce(TIMER, left)
    this.due = true
    if (this.isAvailable(this.out)) this.emit()
  }
  override onUpstreamFinish(): void {
    if (this.held === undefined) return this.completeStage()
    this.cancelTimer(TIMER)
    this.pushThenComplete(this.out, this.held)
  }
  private emit(): void {
    const elem = this.held!
    this.held = undefined
    this.due = false
    this.push(this.out, elem)
  }
}
