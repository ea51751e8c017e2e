import { requireDuration, requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { Split } from './internal/Split.js'
import type { SplitOptions } from './splitWhen.js'

/**
 * Splits the stream into consecutive substreams, ending the current one *after* each element
 * for which `predicate` holds. This is the raw form emitting substream `Source`s; the DSL's
 * `source.splitAfter(p)` returns a `SubFlow`.
 *
 * ```
 * in:   -1--2--0--3--0--|
 * out:  -A--------B-----|      splitAfter(x => x === 0)
 * A:     1--2--0|
 * B:              3--0|
 * ```
 * - **Emits when** an element starts a substream and downstream pulls
 * - **Backpressures when** the current substream backpressures, or a new substream cannot be emitted yet
 * - **Completes when** upstream completes (the last substream too)
 * - **Fails when** upstream fails or `predicate` throws (the open substream fails too)
 * - **Cancels when** downstream cancels and no substream is open (otherwise at the next split
 *   point), or a substream cancels with an error
 *
 * When a substream is cancelled, the elements up to and including the next split point are dropped.
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 0, 3, 0]).splitAfter((x) => x === 0).fold(0, (a, x) => a + x).concatSubstreams().runCollect() // [3, 3]
 * ```
 * @see {@link splitWhen}, {@link groupBy}
 * @category substream
 * @since 0.1.0
 */
export function splitAfter<T>(predicate: (x: T) => boolean, options: SplitOptions = {}): FlowGraph<T, SourceGraph<T, NotUsed>, NotUsed> {
  requireFunction('splitAfter', 'predicate', predicate)
  const timeout = requireDuration('splitAfter', 'options.subscriptionTimeout', options.subscriptionTimeout ?? 5000)
  return flowOf('splitAfter', () => new Split('splitAfter', predicate, timeout))
}
