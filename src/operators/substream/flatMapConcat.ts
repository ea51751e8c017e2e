import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { FlattenMerge } from './internal/FlattenMerge.js'

/**
 * Turns each element into a source with `f` and emits all of that source's elements before
 * starting the next one.
 *
 * ```
 * in:      -a--------b------|
 * inner a:  -1--2|
 * inner b:           -3--4|
 * out:     --1--2-----3--4--|      flatMapConcat(f)
 * ```
 * - **Emits when** the current inner source has an element and downstream pulls
 * - **Backpressures when** downstream backpressures; upstream is pulled only when no inner runs
 * - **Completes when** upstream and the last inner source completed
 * - **Fails when** upstream, an inner source or `f` fails
 * - **Cancels when** downstream cancels (the running inner is cancelled too)
 *
 * @example
 * ```ts
 * await Source.from([1, 2]).flatMapConcat((x) => Source.from([x, x * 10])).runCollect() // [1, 10, 2, 20]
 * ```
 * @see {@link flatMapMerge}, {@link switchMap}
 * @category substream
 * @since 0.1.0
 */
export function flatMapConcat<In, Out>(f: (x: In) => SourceGraph<Out, unknown>): FlowGraph<In, Out, NotUsed> {
  requireFunction('flatMapConcat', 'f', f)
  return flowOf('flatMapConcat', () => new FlattenMerge(1, f))
}
