import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { Quantifier } from './internal/Quantifier.js'

/**
 * Resolves with whether `p` holds for no element (Pekko's `Sink.none`): it stops at the first element for which `p` holds.
 *
 * ```
 * in:   -1--2--70--...
 * done: -------(false)     none((x) => x > 50)
 * up:   ^------!
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** `p` is running
 * - **Completes when** at the first element for which `p` holds (resolves with `false` and cancels upstream), or when upstream completes (resolves with `true` (also for an empty stream))
 * - **Fails when** upstream fails or `p` throws (rejects)
 * - **Cancels when** at the first element for which `p` holds, or when `p` throws
 *
 * @example
 * ```ts
 * await Source.range(1, 10).runWith(Sink.none((x) => x > 50)) // true
 * ```
 * @see {@link exists}, {@link forall}
 * @category sink
 * @since 0.2.0
 */
export function none<T>(p: (x: T) => boolean): SinkGraph<T, Promise<boolean>> {
  requireFunction('none', 'p', p)
  return sinkOf('none', () => new Quantifier(p, true, false))
}
