import { requirePositiveInt } from '../../core/args.js'
import type { NotUsed, SourceGraph } from '../../core/Graph.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { zipWithN, zipWithNModule } from './zipWithN.js'

const toArray = <T>(elements: T[]): T[] => elements

/**
 * Emits arrays of the elements at the same position of all `sources` (`Source.zipN`). Completes
 * with the shortest source.
 *
 * ```
 * s0:  -1-2-3|
 * s1:  -a-b|
 * out: -[1,a]-[2,b]|
 * ```
 * - **Emits when** every source has an element available
 * - **Backpressures when** downstream backpressures
 * - **Completes when** any source completes and its last element has been combined
 * - **Fails when** any source fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.zipN([Source.from([1, 2]), Source.from([3, 4])]).runCollect() // [[1, 3], [2, 4]]
 * ```
 * @see {@link ZipN}, {@link zipWithN}, {@link zip}
 * @category fan-in
 * @since 0.1.0
 */
export function zipN<T>(sources: readonly SourceGraph<T, unknown>[]): SourceGraph<T[], NotUsed> {
  return zipWithN(sources, toArray)
}

/**
 * Graph-building form of {@link zipN}: `inputs` inlets of `T`, one outlet of `T[]`.
 *
 * @example
 * ```ts
 * const z = ZipN.create<number>(3)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const ZipN = {
  create<T>(inputs: number): ShapedGraph<UniformFanInShape<T, T[]>, NotUsed> {
    requirePositiveInt('ZipN.create', 'inputs', inputs)
    return shaped(zipWithNModule('zipN', inputs, toArray<T>), UniformFanInShape.template<T, T[]>(inputs))
  },
}
