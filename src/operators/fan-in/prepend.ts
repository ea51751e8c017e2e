import type { FlowGraph, SourceGraph } from '../../core/Graph.js'
import { attachSources } from './internal/attachSources.js'
import { concatModule } from './concat.js'

/**
 * Emits every element of `other` first, then every element of this stream, which is pulled only
 * after `other` has completed.
 *
 * ```
 * in:    -1-2|          (not pulled until `other` completes)
 * other: -a-b|
 * out:   -a-b-1-2|
 * ```
 * - **Emits when** the current input emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** this stream completes after `other` has
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels (both inputs)
 *
 * @example
 * ```ts
 * await Source.from([3, 4]).prepend(Source.from([1, 2])).runCollect() // [1, 2, 3, 4]
 * ```
 * @see {@link concat}, {@link Concat}
 * @category fan-in
 * @since 0.1.0
 */
export function prepend<T, M>(other: SourceGraph<T, M>): FlowGraph<T, T, M> {
  return { module: attachSources(concatModule(2), [other], 1) }
}
