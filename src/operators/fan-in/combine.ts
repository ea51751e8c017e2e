import { requireFunction } from '../../core/args.js'
import type { NotUsed, SourceGraph } from '../../core/Graph.js'
import type { ShapedGraph, UniformFanInShape } from '../../core/Shape.js'
import { attachSources } from './internal/attachSources.js'

/**
 * Joins `sources` with a fan-in stage of your choice (`Source.combine`): `strategy(n)` returns
 * the stage for `n` inputs, for example `(n) => Merge.create(n)` or `(n) => Concat.create(n)`.
 *
 * ```
 * s0 ─┐
 * s1 ─┼─> strategy(3) ─> out
 * s2 ─┘
 * ```
 * - **Emits, backpressures, completes, fails and cancels** as the chosen stage does
 *
 * @example
 * ```ts
 * const sources = [Source.range(1, 2), Source.range(5, 2)]
 * await Source.combine(sources, (n) => Concat.create<number>(n)).runCollect() // [1, 2, 5, 6]
 * ```
 * @see {@link mergeAll}, {@link Merge}, {@link Concat}, {@link Interleave}
 * @category fan-in
 * @since 0.1.0
 */
export function combine<T, U>(
  sources: readonly SourceGraph<T, unknown>[],
  strategy: (inputs: number) => ShapedGraph<UniformFanInShape<T, U>, unknown>,
): SourceGraph<U, NotUsed> {
  if (!Array.isArray(sources) || sources.length === 0) throw new RangeError('combine(sources): expected a non-empty array of sources')
  requireFunction('combine', 'strategy', strategy)
  const stage = strategy(sources.length)
  if (stage.module.ins.length !== sources.length || stage.module.outs.length !== 1)
    throw new TypeError(
      `combine(strategy): expected a stage with ${sources.length} inlets and 1 outlet, got ${stage.module.ins.length} and ${stage.module.outs.length}`,
    )
  return { module: attachSources(stage.module, sources, null).mapMat(() => undefined) }
}
