import { requireFunction, requireNonNegativeNumber, requirePositiveInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { requirePositiveDuration } from './internal/duration.js'
import { GroupedWeightedWithin } from './internal/GroupedWeightedWithin.js'

/**
 * Options of {@link groupedWeightedWithin}.
 *
 * @category time
 * @since 0.1.0
 */
export interface GroupedWeightedWithinOptions {
  /** Also close a group when it holds this many elements (default: no limit). */
  readonly maxNumber?: number
}

/**
 * Like {@link groupedWithin}, with a limit on the total `weight` of a group instead of (or as well
 * as) its size: a group is emitted when the next element would take it over `maxWeight` (that
 * element starts the next group), when it reaches `maxWeight` or `maxNumber`, or when the window
 * timer fires. An element heavier than `maxWeight` forms a group of its own.
 *
 * ```
 * in:  -a-b-c-----|         weights a=2 b=2 c=3
 * out: ---x-------(y|)   groupedWeightedWithin(4, 100, weight)   x=[a,b] (weight 4 reached)  y=[c] (end)
 * ```
 * - **Emits when** the group reached `maxWeight` or `maxNumber`, the next element does not fit, or the window timer fires with at least one element collected
 * - **Backpressures when** a group is closed and downstream backpressures
 * - **Completes when** upstream completes and the last group was emitted
 * - **Fails when** upstream fails, or `weight` throws or returns a negative number
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // messages of at most 10 characters in all, or what arrived within 50 ms
 * const batches = Source.from(['hello', 'big', 'world']).groupedWeightedWithin(10, '50ms', (s) => s.length)
 * await batches.runCollect() // [['hello', 'big'], ['world']]
 * ```
 * @see {@link groupedWithin}, {@link operators!buffer.batchWeighted | batchWeighted}
 * @category time
 * @since 0.1.0
 */
export function groupedWeightedWithin<T>(
  maxWeight: number,
  duration: Duration,
  weight: (x: T) => number,
  options: GroupedWeightedWithinOptions = {},
): FlowGraph<T, T[], NotUsed> {
  requireNonNegativeNumber('groupedWeightedWithin', 'maxWeight', maxWeight)
  if (maxWeight === 0) throw new RangeError('groupedWeightedWithin(maxWeight): expected a number greater than 0, got 0')
  const ms = requirePositiveDuration('groupedWeightedWithin', 'duration', duration)
  requireFunction('groupedWeightedWithin', 'weight', weight)
  const maxNumber =
    options.maxNumber === undefined ? Infinity : requirePositiveInt('groupedWeightedWithin', 'options.maxNumber', options.maxNumber)
  return flowOf('groupedWeightedWithin', () => new GroupedWeightedWithin<T>(maxWeight, maxNumber, weight, ms))
}
