import { requireFunction, requirePositiveInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { requireStrategy } from '../buffer/internal/overflow.js'
import type { DelayOptions } from './delay.js'
import { DEFAULT_DELAY_BUFFER, Delay, delayOverflowStrategies, type DelayOverflowStrategy } from './internal/Delay.js'

/**
 * Like {@link delay}, with a delay chosen per element: `strategy()` is called once per run and
 * returns the function that gives each element its delay (it may keep state, for example to
 * back off). Elements still leave in arrival order: one with a short delay behind one with a
 * long delay waits for it.
 *
 * ```
 * in:  -a-b------|
 * out: -----(ab)-|   delayWith(() => (x) => (x === 'a' ? 4 : 1))   b (due at 4) waits for a (due at 5)
 * ```
 * - **Emits when** the oldest element's delay has passed and downstream pulls
 * - **Backpressures when** the buffer is full and the overflow strategy is `'backpressure'` (or `'emitEarly'` with downstream busy)
 * - **Completes when** upstream completes and every buffered element was emitted
 * - **Fails when** upstream fails, the delay function throws or returns a bad duration, or the buffer overflows under `'fail'`
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // wait longer for each retry: 10 ms, 20 ms, 30 ms
 * const backoff = () => { let n = 0; return () => 10 * ++n }
 * await Source.from(['r1', 'r2', 'r3']).delayWith(backoff, 'backpressure').runCollect() // ['r1', 'r2', 'r3']
 * ```
 * @see {@link delay}
 * @category time
 * @since 0.1.0
 */
export function delayWith<T>(
  strategy: () => (x: T) => Duration,
  overflow: DelayOverflowStrategy = 'dropTail',
  options: DelayOptions = {},
): FlowGraph<T, T, NotUsed> {
  requireFunction('delayWith', 'strategy', strategy)
  requireStrategy('delayWith', 'overflow', overflow, delayOverflowStrategies)
  const size =
    options.bufferSize === undefined ? DEFAULT_DELAY_BUFFER : requirePositiveInt('delayWith', 'options.bufferSize', options.bufferSize)
  return flowOf('delayWith', () => new Delay<T>(size, overflow, strategy))
}
