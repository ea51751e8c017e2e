import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { lazySource } from '../source/lazySource.js'
import { concatModule } from './concat.js'
import { attachSources } from './internal/attachSources.js'

/**
 * Emits every element of `other` first, then every element of this stream (Pekko's
 * `prependLazy`): `other` is materialized only when downstream first asks, and this stream is
 * pulled only after `other` has completed.
 *
 * ```
 * other: ^-a-b-|
 * in:          ^-c-|
 * out:   --a-b---c-|   prependLazy(other)
 * ```
 * - **Emits when** the current input emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** this stream has completed (after `other`)
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([3, 4]).prependLazy(Source.from([1, 2])).runCollect() // [1, 2, 3, 4]
 * ```
 * @see {@link prepend}, {@link concatLazy}
 * @category fan-in
 * @since 0.2.0
 */
export function prependLazy<T>(other: SourceGraph<T, unknown>): FlowGraph<T, T, NotUsed> {
  const lazy = lazySource(() => other)
  return { module: attachSources(concatModule(2), [lazy], 1).mapMat(() => undefined) }
}
