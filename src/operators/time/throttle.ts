import { requireFunction, requireNonNegativeInt, requirePositiveInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { requirePositiveDuration } from './internal/duration.js'
import { ThrottleControl, type ThrottleRate } from './ThrottleControl.js'
import { TokenBucket } from './internal/TokenBucket.js'
import { RateExceededError } from './RateExceededError.js'

/**
 * Options of {@link throttle}.
 *
 * @category time
 * @since 0.1.0
 */
export interface ThrottleOptions<T> {
  /**
   * Tokens the bucket holds (full at start): how many cost units may pass at once after a quiet
   * period. Default: as many as arrive in 100 ms, at least 1 (Pekko's rule).
   */
  readonly maximumBurst?: number
  /** `'shaping'` (default) delays elements to meet the rate; `'enforcing'` fails the stream with a {@link RateExceededError} instead. */
  readonly mode?: 'shaping' | 'enforcing'
  /** The cost of an element in tokens (default 1 each); must be a non-negative integer. */
  readonly cost?: (x: T) => number
  /** Changes the rate while the stream runs: see {@link ThrottleControl}. @since 0.2.0 */
  readonly control?: ThrottleControl
}

/**
 * Limits the rate to `elements` cost units per `per`, with a token bucket: a bucket of
 * `maximumBurst` tokens, full at start, refilled by one token every `per / elements`. An element
 * takes `cost(x)` tokens; when they are missing it waits until they have arrived (`'shaping'`) or
 * fails the stream (`'enforcing'`).
 *
 * ```
 * in:  -abc---------|
 * out: -a---b---c---|   throttle(1, 4, { maximumBurst: 1 })  (one tick = 1 ms)
 * ```
 * - **Emits when** upstream emits and the element's tokens are available (at once, or after waiting for them)
 * - **Backpressures when** downstream backpressures, or an element is waiting for tokens
 * - **Completes when** upstream completes (after the waiting element, if any, was emitted)
 * - **Fails when** upstream fails, `cost` throws or returns a bad cost, or in `'enforcing'` mode an element finds too few tokens
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`. With
 * `options.control` (a {@link ThrottleControl}), the rate can be changed while the stream runs.
 *
 * @example
 * ```ts
 * // at most 10 requests per second, bursts of up to 5 after a pause
 * const calls = Source.range(1, 3).throttle(10, '1s', { maximumBurst: 5 })
 * await calls.runCollect() // [1, 2, 3]
 * ```
 * @see {@link delay}, {@link RateExceededError}
 * @category time
 * @since 0.1.0
 */
export function throttle<T>(elements: number, per: Duration, options: ThrottleOptions<T> = {}): FlowGraph<T, T, NotUsed> {
  requirePositiveInt('throttle', 'elements', elements)
  const perMs = requirePositiveDuration('throttle', 'per', per)
  const mode = options.mode ?? 'shaping'
  if (mode !== 'shaping' && mode !== 'enforcing')
    throw new TypeError(`throttle(options.mode): expected 'shaping' or 'enforcing', got ${JSON.stringify(mode)}`)
  const burst =
    options.maximumBurst === undefined
      ? Math.max(1, Math.floor((100 * elements) / perMs))
      : requireNonNegativeInt('throttle', 'options.maximumBurst', options.maximumBurst)
  if (options.cost !== undefined) requireFunction('throttle', 'options.cost', options.cost)
  const control = options.control ?? null
  if (control !== null && !(control instanceof ThrottleControl)) throw new TypeError('throttle(options.control): expected a ThrottleControl')
  return flowOf('throttle', () => new Throttle<T>(elements, perMs, burst, mode === 'enforcing', options.cost ?? null, control))
}

const TIMER = 'throttle'

class Throttle<T> extends LinearStage<T, T> {
  private bucket: TokenBucket | null = null
  /** The element waiting for its tokens (its timer is running). */
  private held: T | undefined = undefined

  constructor(
    private elements: number,
    private perMs: number,
    private readonly burst: number,
    private readonly enforcing: boolean,
    private readonly cost: ((x: T) => number) | null,
    private readonly control: ThrottleControl | null,
  ) {
    super()
  }

  override preStart(): void {
    this.bucket = new TokenBucket(this.burst, this.elements, this.perMs, this.scheduler.now())
    if (this.control !== null) this.onStop(this.control.register(this.getAsyncCallback<ThrottleRate>((rate) => this.retune(rate))))
  }

  /** A new rate from the control: the bucket refills from empty, and a waiting element is timed again. */
  private retune(rate: ThrottleRate): void {
    this.elements = rate.elements
    this.perMs = rate.perMs
    const now = this.scheduler.now()
    this.bucket = new TokenBucket(rate.burst, rate.elements, rate.perMs, now, 0)
    if (this.held === undefined) return
    this.cancelTimer(TIMER)
    const wait = this.bucket.offer(this.costOf(this.held), now)
    if (wait <= 0) this.onTimer()
    else this.scheduleOnce(TIMER, wait)
  }

  // onPull is not overridden: pulls go straight upstream, so an element only arrives when
  // downstream has asked for it and the stage holds at most one.
  onPush(): void {
    const elem = this.grab(this.in)
    const wait = this.bucket!.offer(this.costOf(elem), this.scheduler.now())
    if (wait <= 0) return this.push(this.out, elem)
    if (this.enforcing) return this.failStage(new RateExceededError(this.name, this.elements, this.perMs))
    this.held = elem
    this.scheduleOnce(TIMER, wait)
  }

  override onTimer(): void {
    const elem = this.held!
    this.held = undefined
    this.push(this.out, elem)
    if (this.isClosed(this.in)) this.completeStage()
  }

  override onUpstreamFinish(): void {
    if (this.held === undefined) this.completeStage()
  }

  private costOf(elem: T): number {
    if (this.cost === null) return 1
    const c = this.cost(elem)
    if (!Number.isSafeInteger(c) || c < 0) throw new RangeError(`${this.name}: cost must be a non-negative integer, got ${String(c)}`)
    return c
  }
}
