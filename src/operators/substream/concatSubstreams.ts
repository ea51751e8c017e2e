import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { FlattenMerge } from './internal/FlattenMerge.js'
import { substreamThrough } from './internal/substreamThrough.js'

/**
 * Runs each incoming substream through `inner` to its end, one after the other (`parallelism` 1).
 * With `groupBy` this deadlocks as soon as a second key arrives while the first substream is open
 * (the first one completes only when upstream does); use it with `splitWhen`/`splitAfter`.
 *
 * - **Emits when** the current substream has an element and downstream pulls
 * - **Backpressures when** downstream backpressures; later substreams wait for the current one
 * - **Completes when** upstream and every substream completed
 * - **Fails when** upstream or a substream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 0, 3]).splitWhen((x) => x === 0).concatSubstreams().runCollect() // [1, 2, 0, 3]
 * ```
 * @see {@link mergeSubstreams}
 * @category substream
 * @since 0.1.0
 */
export function concatSubstreams<T, R>(inner: FlowGraph<T, R, unknown> | null): FlowGraph<SourceGraph<T, unknown>, R, NotUsed> {
  return flowOf('concatSubstreams', () => new FlattenMerge(1, substreamThrough<T, R>(inner)))
}
