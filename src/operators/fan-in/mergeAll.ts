import type { NotUsed, SourceGraph } from '../../core/Graph.js'
import { empty } from '../source/empty.js'
import { attachSources } from './internal/attachSources.js'
import { mergeModule, type MergeOptions } from './merge.js'

/**
 * Merges all `sources` into one stream, in arrival order (`Source.mergeAll`). An empty list gives
 * a source that completes at once.
 *
 * ```
 * s0:  -a----c|
 * s1:  ---b-----d|
 * out: -a-b--c--d|
 * ```
 * - **Emits when** one of the sources has an element available
 * - **Backpressures when** downstream backpressures
 * - **Completes when** all sources have completed (with `eagerComplete`, when any has)
 * - **Fails when** any source fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const total = await Source.mergeAll([Source.range(1, 3), Source.range(10, 2)]).runFold(0, (a, x) => a + x) // 27
 * ```
 * @see {@link merge}, {@link combine}
 * @category fan-in
 * @since 0.1.0
 */
export function mergeAll<T>(sources: readonly SourceGraph<T, unknown>[], options: MergeOptions = {}): SourceGraph<T, NotUsed> {
  if (!Array.isArray(sources)) throw new TypeError('mergeAll(sources): expected an array of sources')
  if (sources.length === 0) return empty<T>()
  const module = attachSources(mergeModule(sources.length, options.eagerComplete ?? false), sources, null)
  return { module: module.mapMat(() => undefined) }
}
