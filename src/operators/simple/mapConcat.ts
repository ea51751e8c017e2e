import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { MapConcat } from './internal/MapConcat.js'

/**
 * Maps each element to an iterable and emits its elements one by one, on demand.
 *
 * ```
 * in:  -1-----2-----|
 * out: -1--1--2--2--|   mapConcat(x => [x, x])
 * ```
 * - **Emits when** the current iterable has an element and downstream pulls
 * - **Backpressures when** downstream backpressures or there are still elements left of the current iterable
 * - **Completes when** upstream completes and the last iterable is exhausted
 * - **Fails when** upstream fails, or `f` or the iterator throws
 * - **Cancels when** downstream cancels (the current iterator's `return()` is called)
 *
 * @example
 * ```ts
 * await Source.from(['a b', 'c']).mapConcat((s) => s.split(' ')).runCollect() // ['a', 'b', 'c']
 * ```
 * @see {@link map}
 * @category simple
 * @since 0.1.0
 */
export function mapConcat<In, Out>(f: (x: In) => Iterable<Out>): FlowGraph<In, Out, NotUsed> {
  requireFunction('mapConcat', 'f', f)
  return flowOf('mapConcat', () => new MapConcat(f), { kind: 'mapConcat', f: f as (x: unknown) => Iterable<unknown> })
}
