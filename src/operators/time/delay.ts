import { requireDuration, requirePositiveInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { requireStrategy } from '../buffer/internal/overflow.js'
import { DEFAULT_DELAY_BUFFER, Delay, delayOverflowStrategies, type DelayOverflowStrategy } from './internal/Delay.js'

/**
 * Options of {@link operators!time.delay | delay} and {@link operators!time.delayWith | delayWith}.
 *
 * @category time
 * @since 0.1.0
 */
export interface DelayOptions {
  /** How many elements may wait at once (default 16); beyond that the overflow strategy applies. */
  readonly bufferSize?: number
}

/**
 * Shifts every element by `duration`: each is emitted no earlier than `duration` after it
 * arrived, in arrival order. Up to `bufferSize` elements wait at once; `strategy` (default
 * `'dropTail'`, as in Pekko) says what happens to one more (see {@link DelayOverflowStrategy}).
 *
 * ```
 * in:  -a-b-----|
 * out: ----a-b--|   delay(3)   (one tick = 1 ms)
 * ```
 * - **Emits when** the oldest element's delay has passed and downstream pulls
 * - **Backpressures when** the buffer is full and the strategy is `'backpressure'` (or `'emitEarly'` with downstream busy)
 * - **Completes when** upstream completes and every buffered element was emitted
 * - **Fails when** upstream fails, or the buffer overflows under `'fail'`
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * const done = Source.from(['a', 'b']).delay('2s').map((x) => `${x}@${scheduler.now()}`).runCollect({ scheduler })
 * await scheduler.advance(2000)
 * await done // ['a@2000', 'b@2000']
 * ```
 * @see {@link delayWith}, {@link initialDelay}, {@link throttle}
 * @category time
 * @since 0.1.0
 */
export function delay<T>(duration: Duration, strategy: DelayOverflowStrategy = 'dropTail', options: DelayOptions = {}): FlowGraph<T, T, NotUsed> {
  const ms = requireDuration('delay', 'duration', duration)
  requireStrategy('delay', 'strategy', strategy, delayOverflowStrategies)
  const size = options.bufferSize === undefined ? DEFAULT_DELAY_BUFFER : requirePositiveInt('delay', 'options.bufferSize', options.bufferSize)
  return flowOf('delay', () => new Delay<T>(size, strategy, () => () => ms))
}
