import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { Expand } from './internal/Expand.js'

/**
 * Turns each element into an iterator with `f` and answers downstream from it while upstream has
 * nothing new; a new element replaces the iterator. Lets a slow producer feed a fast consumer.
 * The first value of each element's iterator is always emitted; the rest only while upstream is
 * silent.
 *
 * ```
 * in:  -a-------b---|
 * out: -a1-a2-a3-b1-b2|   expand(x => counter(x)); downstream pulls often
 * ```
 * - **Emits when** downstream pulls and the current iterator has a next value
 * - **Backpressures when** downstream backpressures; upstream is pulled once the first value of the current element was emitted
 * - **Completes when** upstream completes and the first value derived from the last element was emitted
 * - **Fails when** upstream fails, `f` or the iterator throws, or `f` returns neither an Iterable nor an Iterator
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // one reading per hour, shown as often as the display asks, with its age
 * const aged = Flow.create<number>().expand(function* (c) { for (let age = 0; ; age++) yield `${c}°C (${age})` })
 * await Source.tick(0, '1h', 21).via(aged).take(3).runCollect() // ['21°C (0)', '21°C (1)', '21°C (2)']
 * ```
 * @see {@link extrapolate}, {@link conflate}
 * @category buffer
 * @since 0.1.0
 */
export function expand<In, Out>(f: (x: In) => Iterable<Out> | Iterator<Out>): FlowGraph<In, Out, NotUsed> {
  requireFunction('expand', 'f', f)
  return flowOf('expand', () => new Expand<In, Out>(f, false, undefined))
}
