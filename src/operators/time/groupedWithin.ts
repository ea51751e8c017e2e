import { requirePositiveInt, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { requirePositiveDuration } from './internal/duration.js'
import { GroupedWeightedWithin } from './internal/GroupedWeightedWithin.js'

/**
 * Collects elements into arrays, emitting one when it holds `n` elements or when `duration` has
 * passed since the window opened, whichever comes first; no empty arrays. The window timer runs
 * every `duration` and restarts when a group is emitted for being full.
 *
 * ```
 * in:  -abc-d------e|
 * out: ---x-----y---(z|)   groupedWithin(3, 6)   x=[a,b,c] (full; the window restarts at 3)  y=[d] (window, 3 + 6)  z=[e] (end)
 * ```
 * - **Emits when** `n` elements are collected, or the window timer fires with at least one collected (then as soon as downstream pulls)
 * - **Backpressures when** `n` elements are collected and downstream backpressures
 * - **Completes when** upstream completes and the last group was emitted
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * Durations are milliseconds, or strings such as `'250ms'`, `'2s'`, `'1m'`, `'1h'`.
 *
 * @example
 * ```ts
 * // insert rows 100 at a time, or whatever arrived within a second
 * await Source.range(1, 5).groupedWithin(2, '1s').runCollect() // [[1, 2], [3, 4], [5]]
 * ```
 * @see {@link groupedWeightedWithin}, {@link operators!simple.grouped | grouped}, {@link operators!buffer.batch | batch}
 * @category time
 * @since 0.1.0
 */
export function groupedWithin<T>(n: number, duration: Duration): FlowGraph<T, T[], NotUsed> {
  requirePositiveInt('groupedWithin', 'n', n)
  const ms = requirePositiveDuration('groupedWithin', 'duration', duration)
  return flowOf('groupedWithin', () => new GroupedWeightedWithin<T>(Infinity, n, null, ms))
}
