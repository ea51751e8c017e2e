/**
 * The stage behind `delay` and `delayWith`.
 *
 * @module
 */
import { requireDuration, type Duration } from '../../../core/args.js'
import { BufferOverflowError } from '../../../core/errors.js'
import { LinearStage } from '../../../core/StageLogic.js'
import { Ring } from '../../buffer/internal/Ring.js'

/**
 * What `delay` does with an element that arrives when its buffer is full:
 * - `'emitEarly'`: emits the oldest buffered element before its time (upstream is pulled only when downstream is waiting)
 * - `'dropHead'` / `'dropTail'`: drops the oldest / the newest buffered element
 * - `'dropBuffer'`: drops everything buffered
 * - `'dropNew'`: drops the new element
 * - `'backpressure'`: stops pulling upstream while full
 * - `'fail'`: fails with a {@link BufferOverflowError}
 *
 * @category time
 * @since 0.1.0
 */
export type DelayOverflowStrategy = 'emitEarly' | 'dropHead' | 'dropTail' | 'dropBuffer' | 'dropNew' | 'backpressure' | 'fail'

/** @internal */
export const delayOverflowStrategies: readonly DelayOverflowStrategy[] = ['emitEarly', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'backpressure', 'fail']

/** Default number of elements a delay stage holds. @internal */
export const DEFAULT_DELAY_BUFFER = 16

const TIMER = 'delay'

/**
 * Holds up to `size` elements with their due times and emits each, in arrival order, once its
 * time has come and downstream pulls. One timer, for the head's due time, runs only while
 * downstream is waiting.
 *
 * @internal
 */
export class Delay<T> extends LinearStage<T, T> {
  private readonly elems: Ring<T>
  private readonly due: Ring<number>
  private nextDelay: ((x: T) => Duration) | null = null
  /** The due time the running timer was set for (NaN: none). */
  private timerAt = NaN

  constructor(
    private readonly size: number,
    private readonly strategy: DelayOverflowStrategy,
    private readonly strategyFactory: () => (x: T) => Duration,
  ) {
    super()
    this.elems = new Ring<T>(Math.min(size, 16))
    this.due = new Ring<number>(Math.min(size, 16))
  }

  override preStart(): void {
    this.nextDelay = this.strategyFactory()
    if (typeof this.nextDelay !== 'function') throw new TypeError(`${this.name}: the strategy factory must return a function`)
    this.pull(this.in)
  }

  onPush(): void {
    if (this.elems.length < this.size) this.enqueue()
    else
      switch (this.strategy) {
        case 'emitEarly':
          // Upstream was pulled while full only because downstream is waiting: make room by
          // emitting the head now.
          this.stopTimer()
          this.push(this.out, this.dequeue())
          this.enqueue()
          break
        case 'dropHead':
          this.dequeue()
          this.enqueue()
          break
        case 'dropTail':
          this.elems.pop()
          this.due.pop()
          this.enqueue()
          break
        case 'dropBuffer':
          this.elems.clear()
          this.due.clear()
          this.enqueue()
          break
        case 'dropNew':
          this.grab(this.in)
          this.pullIfAllowed()
          break
        case 'fail':
          return this.failStage(new BufferOverflowError(this.name, this.size))
        case 'backpressure':
          break // not pulled while full
      }
    this.emitDue()
  }

  override onPull(): void {
    this.emitDue()
    this.pullIfAllowed()
  }

  override onTimer(): void {
    this.timerAt = NaN
    this.emitDue()
  }

  override onUpstreamFinish(): void {
    if (this.elems.length === 0) this.completeStage()
  }

  private enqueue(): void {
    const elem = this.grab(this.in)
    const ms = requireDuration(this.name, 'delay', this.nextDelay!(elem))
    this.elems.push(elem)
    this.due.push(this.scheduler.now() + ms)
    this.pullIfAllowed()
  }

  private dequeue(): T {
    this.due.shift()
    return this.elems.shift()!
  }

  /** Emits the head if it is due and downstream waits; otherwise sets the timer for it. */
  private emitDue(): void {
    if (this.elems.length > 0 && this.isAvailable(this.out)) {
      const at = this.due.peek()!
      if (at <= this.scheduler.now()) {
        this.stopTimer()
        this.push(this.out, this.dequeue())
        this.pullIfAllowed()
      } else if (at !== this.timerAt) {
        this.timerAt = at
        this.scheduleOnce(TIMER, at - this.scheduler.now())
      }
    }
    if (this.elems.length === 0 && this.isClosed(this.in)) this.completeStage()
  }

  private stopTimer(): void {
    if (!Number.isNaN(this.timerAt)) {
      this.cancelTimer(TIMER)
      this.timerAt = NaN
    }
  }

  private pullIfAllowed(): void {
    if (this.isClosed(this.in) || this.hasBeenPulled(this.in)) return
    const room =
      this.elems.length < this.size ||
      (this.strategy !== 'backpressure' && this.strategy !== 'emitEarly') ||
      (this.strategy === 'emitEarly' && this.isAvailable(this.out))
    if (room) this.pull(this.in)
  }
}
