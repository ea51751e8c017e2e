import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { Quantifier } from './internal/Quantifier.js'

/**
 * Resolves with whether `p` holds for every element (Pekko's `Sink.forall`): it stops at the first element for which `p` does not hold.
 *
 * ```
 * in:   -1--2--[-1]...
 * done: -------(false)     forall((x) => x > 0)
 * up:   ^------!
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** `p` is running
 * - **Completes when** at the first element for which `p` does not hold (resolves with `false` and cancels upstream), or when upstream completes (resolves with `true` (also for an empty stream))
 * - **Fails when** upstream fails or `p` throws (rejects)
 * - **Cancels when** at the first element for which `p` does not hold, or when `p` throws
 *
 * @example
 * ```ts
 * await Source.range(1, 10).runWith(Sink.forall((x) => x > 0)) // true
 * ```
 * @see {@link exists}, {@link none}
 * @category sink
 * @since 0.2.0
 */
export function forall<T>(p: (x: T) => boolean): SinkGraph<T, Promise<boolean>> {
  requireFunction('forall', 'p', p)
  return sinkOf('forall', () => new Quantifier(p, false, false))
}
