import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { FanInShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { attachSources } from './internal/attachSources.js'
import { zipWithModule } from './zipWith.js'

const pair = <A, B>(a: A, b: B): [A, B] => [a, b]

/**
 * Pairs each element of this stream with the element of `other` at the same position, emitting
 * `[a, b]`. Completes with the shorter input.
 *
 * ```
 * in:    -1---2---3|
 * other: ---a---b|
 * out:   ---[1,a]-[2,b]|
 * ```
 * - **Emits when** both inputs have an element available
 * - **Backpressures when** downstream backpressures (each input is pulled once per pull of `out`)
 * - **Completes when** either input completes and its last element has been paired
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 3]).zip(Source.from(['a', 'b'])).runCollect() // [[1, 'a'], [2, 'b']]
 * ```
 * @see {@link Zip}, {@link zipWith}, {@link zipAll}, {@link zipLatest}, {@link operators!simple.zipWithIndex | zipWithIndex}
 * @category fan-in
 * @since 0.1.0
 */
export function zip<A, B, M>(other: SourceGraph<B, M>): FlowGraph<A, [A, B], M> {
  return { module: attachSources(zipWithModule('zip', pair), [other], 0) }
}

/**
 * Graph-building form of {@link zip}: inlets `in0: A` and `in1: B`, outlet `out: [A, B]`.
 *
 * @example
 * ```ts
 * const z = Zip.create<number, string>()
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const Zip = {
  create<A, B>(): ShapedGraph<FanInShape2<A, B, [A, B]>, NotUsed> {
    return shaped(zipWithModule('zip', pair), FanInShape2.template<A, B, [A, B]>())
  },
}
