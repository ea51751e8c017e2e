import { requireCount } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { FlattenMerge } from './internal/FlattenMerge.js'
import { substreamThrough } from './internal/substreamThrough.js'

/** Options of {@link mergeSubstreams}. */
export interface MergeSubstreamsOptions {
  /** How many substreams run at once (default: no limit; `groupBy`'s `maxSubstreams` bounds it). */
  readonly parallelism?: number
}

/**
 * Runs each incoming substream through `inner` and merges their outputs: the end of a
 * `groupBy`/`splitWhen` pipeline. The DSL's `subFlow.mergeSubstreams()` is built on it.
 *
 * ```
 * in:   -A-----B--------|      (A, B: substream Sources)
 * A:     1--3--|
 * B:           2--4--|
 * out:  --1--3--2--4----|      mergeSubstreams(identity)
 * ```
 * - **Emits when** a running substream has an element and downstream pulls
 * - **Backpressures when** downstream backpressures; new substreams wait while `parallelism` run
 * - **Completes when** upstream and every substream completed
 * - **Fails when** upstream or a substream fails
 * - **Cancels when** downstream cancels (every running substream is cancelled too)
 *
 * With `parallelism` 1 this is {@link concatSubstreams}.
 *
 * @example
 * ```ts
 * const out = await Source.range(1, 4).groupBy(2, (x) => x % 2).mergeSubstreamsWithParallelism(2).runCollect()
 * out.sort() // [1, 2, 3, 4]
 * ```
 * @see {@link concatSubstreams}, {@link groupBy}, {@link flatMapMerge}
 * @category substream
 * @since 0.1.0
 */
export function mergeSubstreams<T, R>(
  inner: FlowGraph<T, R, unknown> | null,
  options: MergeSubstreamsOptions = {},
): FlowGraph<SourceGraph<T, unknown>, R, NotUsed> {
  const parallelism = requireCount('mergeSubstreams', 'options.parallelism', options.parallelism ?? Infinity)
  if (parallelism === 0) throw new RangeError('mergeSubstreams(options.parallelism): expected a positive integer or Infinity, got 0')
  return flowOf('mergeSubstreams', () => new FlattenMerge(parallelism, substreamThrough<T, R>(inner)))
}
