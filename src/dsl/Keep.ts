import { keepLeft, keepRight } from '../core/Module.js'
import type { NotUsed } from '../core/Graph.js'

/**
 * Chooses which materialized value a combination keeps (`toMat`, `viaMat`).
 *
 * @example
 * ```ts
 * const [publisher, done] = Source.asSubscriber<number>().toMat(Sink.collect(), Keep.both).run()
 * ```
 * @category dsl
 * @since 0.1.0
 */
export const Keep = {
  /** The value of the left (upstream) side. */
  left: keepLeft as <L, R>(l: L, r: R) => L,
  /** The value of the right (downstream) side. */
  right: keepRight as <L, R>(l: L, r: R) => R,
  /** Both, as a pair `[left, right]`. */
  both: <L, R>(l: L, r: R): [L, R] => [l, r],
  /** Neither. */
  none: <L, R>(_l: L, _r: R): NotUsed => undefined,
} as const
