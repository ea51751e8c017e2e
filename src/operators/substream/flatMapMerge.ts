import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { FlattenMerge } from './internal/FlattenMerge.js'

/**
 * Turns each element into a source with `f` and runs up to `breadth` of those sources at once,
 * emitting their elements as they arrive.
 *
 * ```
 * in:     -a-------b---------|
 * inner a:  -1---2----3|
 * inner b:         -x---y|
 * out:    ---1---2--x-3-y----|     flatMapMerge(2, f)
 * ```
 * - **Emits when** an inner source has an element and downstream pulls (inners take turns, in the order their elements arrived)
 * - **Backpressures when** downstream backpressures; upstream is not pulled while `breadth` inners run
 * - **Completes when** upstream and every inner source completed
 * - **Fails when** upstream, an inner source or `f` fails
 * - **Cancels when** downstream cancels (every running inner is cancelled too)
 *
 * Each running inner has one element requested ahead, so at most `breadth` elements wait inside
 * the stage. Inner sources run in the same fused interpreter as this stage.
 *
 * @example
 * ```ts
 * const out = await Source.from([1, 2, 3])
 *   .flatMapMerge(2, (x) => Source.from([x, x * 10]))
 *   .runCollect()
 * out.sort((a, b) => a - b) // [1, 2, 3, 10, 20, 30]
 * ```
 * @see {@link flatMapConcat}, {@link switchMap}
 * @category substream
 * @since 0.1.0
 */
export function flatMapMerge<In, Out>(breadth: number, f: (x: In) => SourceGraph<Out, unknown>): FlowGraph<In, Out, NotUsed> {
  requirePositiveInt('flatMapMerge', 'breadth', breadth)
  requireFunction('flatMapMerge', 'f', f)
  return flowOf('flatMapMerge', () => new FlattenMerge(breadth, f))
}
