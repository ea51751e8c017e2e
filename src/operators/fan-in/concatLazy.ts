import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { lazySource } from '../source/lazySource.js'
import { concatModule } from './concat.js'
import { attachSources } from './internal/attachSources.js'

/**
 * Emits every element of this stream, then every element of `other`, which is materialized only
 * when this stream has completed and downstream asks for more (Pekko's `concatLazy`). With
 * {@link concat}, `other` is materialized when the stream starts (a connection opened, a query
 * run) even though it is read only later.
 *
 * ```
 * in:    -a-b-|
 * other:      ^-c-d-|   (materialized here)
 * out:   -a-b---c-d-|   concatLazy(other)
 * ```
 * - **Emits when** the current input emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** `other` has completed (after this stream)
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels (`other` is never materialized if it was not reached)
 *
 * @example
 * ```ts
 * let opened = 0
 * const page2 = Source.lazySingle(() => (opened++, 'page 2'))
 * await Source.single('page 1').concatLazy(page2).take(1).runCollect() // ['page 1']
 * opened // 0
 * ```
 * @see {@link concat}, {@link concatAllLazy}, {@link prependLazy}
 * @category fan-in
 * @since 0.2.0
 */
export function concatLazy<T>(other: SourceGraph<T, unknown>): FlowGraph<T, T, NotUsed> {
  const lazy = lazySource(() => other)
  return { module: attachSources(concatModule(2), [lazy], 0).mapMat(() => undefined) }
}
