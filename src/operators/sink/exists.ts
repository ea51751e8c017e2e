import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { Quantifier } from './internal/Quantifier.js'

/**
 * Resolves with whether `p` holds for some element (Pekko's `Sink.exists`): it stops at the first element for which `p` holds.
 *
 * ```
 * in:   -1--2--7--...
 * done: -------(true)     exists((x) => x > 5)
 * up:   ^------!
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** `p` is running
 * - **Completes when** at the first element for which `p` holds (resolves with `true` and cancels upstream), or when upstream completes (resolves with `false`)
 * - **Fails when** upstream fails or `p` throws (rejects)
 * - **Cancels when** at the first element for which `p` holds, or when `p` throws
 *
 * @example
 * ```ts
 * await Source.range(1, 10).runWith(Sink.exists((x) => x > 5)) // true
 * ```
 * @see {@link forall}, {@link none}
 * @category sink
 * @since 0.2.0
 */
export function exists<T>(p: (x: T) => boolean): SinkGraph<T, Promise<boolean>> {
  requireFunction('exists', 'p', p)
  return sinkOf('exists', () => new Quantifier(p, true, true))
}
