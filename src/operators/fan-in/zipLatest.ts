import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { FanInShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { attachSources } from './internal/attachSources.js'
import { zipLatestModule } from './zipLatestWith.js'

const pair = <A, B>(a: A, b: B): [A, B] => [a, b]

/**
 * Emits `[a, b]` with the latest element of each input: once both have emitted, each new element
 * on either side gives a new pair (when downstream asks).
 *
 * ```
 * in:    -1-----2|
 * other: ---a-b----c|
 * out:   ---[1,a]-[1,b]-[2,b]|
 * ```
 * - **Emits when** both inputs have emitted at least once and one of them has a new element
 * - **Backpressures when** downstream backpressures
 * - **Completes when** either input completes
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.repeat(1).zipLatest(Source.from(['a'])).take(1).runCollect() // [[1, 'a']]
 * ```
 * @see {@link ZipLatest}, {@link zipLatestWith}, {@link zip}
 * @category fan-in
 * @since 0.1.0
 */
export function zipLatest<A, B, M>(other: SourceGraph<B, M>): FlowGraph<A, [A, B], M> {
  return { module: attachSources(zipLatestModule('zipLatest', pair), [other], 0) }
}

/**
 * Graph-building form of {@link zipLatest}.
 *
 * @example
 * ```ts
 * const z = ZipLatest.create<number, string>()
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const ZipLatest = {
  create<A, B>(): ShapedGraph<FanInShape2<A, B, [A, B]>, NotUsed> {
    return shaped(zipLatestModule('zipLatest', pair), FanInShape2.template<A, B, [A, B]>())
  },
}
