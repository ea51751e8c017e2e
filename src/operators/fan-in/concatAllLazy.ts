import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { lazySource } from '../source/lazySource.js'
import { concatModule } from './concat.js'
import { attachSources } from './internal/attachSources.js'

/**
 * Emits every element of this stream, then of each of `others` in turn; each is materialized
 * only when its turn comes (Pekko's `concatAllLazy`).
 *
 * ```
 * in:  -a-|
 * o1:     ^-b-|
 * o2:         ^-c-|
 * out: -a---b---c-|   concatAllLazy(o1, o2)
 * ```
 * - **Emits when** the current input emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** the last input has completed
 * - **Fails when** any input that was reached fails
 * - **Cancels when** downstream cancels (inputs not reached are never materialized)
 *
 * @example
 * ```ts
 * await Source.single(1).concatAllLazy(Source.single(2), Source.single(3)).runCollect() // [1, 2, 3]
 * ```
 * @see {@link concatLazy}, {@link concat}
 * @category fan-in
 * @since 0.2.0
 */
export function concatAllLazy<T>(...others: SourceGraph<T, unknown>[]): FlowGraph<T, T, NotUsed> {
  for (const [i, o] of others.entries())
    if (o === null || typeof o !== 'object' || o.module === undefined)
      throw new TypeError(`concatAllLazy(others): expected a Source at position ${i}, got ${String(o)}`)
  const lazies = others.map((o) => lazySource(() => o))
  return { module: attachSources(concatModule(others.length + 1), lazies, 0).mapMat(() => undefined) }
}
