import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { Expand } from './internal/Expand.js'

/**
 * Passes each element on, and while upstream is silent and downstream keeps pulling, emits what
 * `f` derives from the latest element. `f` is called only when the first extrapolated value is
 * needed. With `initial`, that element is emitted (and extrapolated) before the first one from
 * upstream, so that a downstream that pulls at once is not left waiting.
 *
 * ```
 * in:  -1-------5------|
 * out: -1-2-3-4-5-6-7--|   extrapolate(x => count(x + 1)); downstream pulls often
 * ```
 * - **Emits when** downstream pulls: an upstream element if one arrived, else the next extrapolated value
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes and the last upstream element was emitted
 * - **Fails when** upstream fails, `f` or its iterator throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // guess the next values while the source is silent; start from 0
 * await Source.tick(0, '1h', 5).extrapolate((x) => [x + 1, x + 2], 0).take(5).runCollect() // [0, 1, 2, 5, 6]
 * ```
 * @see {@link expand}
 * @category buffer
 * @since 0.1.0
 */
export function extrapolate<T>(f: (x: T) => Iterable<T> | Iterator<T>, initial?: T): FlowGraph<T, T, NotUsed> {
  requireFunction('extrapolate', 'f', f)
  return flowOf('extrapolate', () => new Expand<T, T>(f, true, initial ?? undefined))
}
