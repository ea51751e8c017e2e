import { requirePositiveInt } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { attachSources } from './internal/attachSources.js'
import { interleaveModule, type InterleaveOptions } from './interleave.js'

/**
 * Takes `segmentSize` elements from this stream, then `segmentSize` from each of `others` in
 * turn, and round again (Pekko's `interleaveAll`). An input that completes drops out of the
 * rotation (unless `eagerClose`, which completes the stream with it).
 *
 * ```
 * in:  -a-b-c-|
 * o1:  -1-2-3-|
 * o2:  -x-y-z-|
 * out: -a1xb2yc3z|    interleaveAll([o1, o2], 1)
 * ```
 * - **Emits when** the input whose turn it is emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** all inputs have completed (with `eagerClose`, when any has)
 * - **Fails when** any input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const letters = Source.from(['a', 'b'])
 * await Source.from(['1', '2']).interleaveAll([letters, Source.from(['x', 'y'])], 1).runCollect() // ['1', 'a', 'x', '2', 'b', 'y']
 * ```
 * @see {@link interleave}
 * @category fan-in
 * @since 0.2.0
 */
export function interleaveAll<T>(others: readonly SourceGraph<T, unknown>[], segmentSize: number, options: InterleaveOptions = {}): FlowGraph<T, T, NotUsed> {
  if (!Array.isArray(others)) throw new TypeError('interleaveAll(others): expected an array of sources')
  requirePositiveInt('interleaveAll', 'segmentSize', segmentSize)
  return { module: attachSources(interleaveModule(others.length + 1, segmentSize, options.eagerClose ?? false), others, 0).mapMat(() => undefined) }
}
