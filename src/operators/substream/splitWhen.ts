import { requireDuration, requireFunction, type Duration } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { Split } from './internal/Split.js'

/** Options of {@link operators!substream.splitWhen | splitWhen} and {@link operators!substream.splitAfter | splitAfter}. */
export interface SplitOptions {
  /** A substream Source not run within this time is cancelled (default `'5s'`). */
  readonly subscriptionTimeout?: Duration
}

/**
 * Splits the stream into consecutive substreams, starting a new one *before* each element for
 * which `predicate` holds (the very first element never leaves an empty substream behind). This is
 * the raw form emitting substream `Source`s; the DSL's `source.splitWhen(p)` returns a `SubFlow`.
 *
 * ```
 * in:   -1--2--0--3--0--|
 * out:  -A-----B-----C--|      splitWhen(x => x === 0)
 * A:     1--2|
 * B:           0--3|
 * C:                 0--|
 * ```
 * - **Emits when** an element starts a substream and downstream pulls
 * - **Backpressures when** the current substream backpressures, or a new substream cannot be emitted yet
 * - **Completes when** upstream completes (the last substream too)
 * - **Fails when** upstream fails or `predicate` throws (the open substream fails too)
 * - **Cancels when** downstream cancels and no substream is open (otherwise at the next split
 *   point), or a substream cancels with an error
 *
 * When a substream is cancelled (say it ends with `take(1)`), the elements up to the next split
 * point are dropped.
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 0, 3, 0]).splitWhen((x) => x === 0).fold(0, (a, x) => a + x).concatSubstreams().runCollect() // [3, 3, 0]
 * ```
 * @see {@link splitAfter}, {@link groupBy}
 * @category substream
 * @since 0.1.0
 */
export function splitWhen<T>(predicate: (x: T) => boolean, options: SplitOptions = {}): FlowGraph<T, SourceGraph<T, NotUsed>, NotUsed> {
  requireFunction('splitWhen', 'predicate', predicate)
  const timeout = requireDuration('splitWhen', 'options.subscriptionTimeout', options.subscriptionTimeout ?? 5000)
  return flowOf('splitWhen', () => new Split('splitWhen', predicate, timeout))
}
