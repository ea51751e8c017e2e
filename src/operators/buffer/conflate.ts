import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { Batch } from './internal/Batch.js'

/**
 * While downstream is busy, combines the elements that arrive into one with `aggregate`; hands
 * the combined value over when downstream pulls. Upstream is never slowed down.
 *
 * ```
 * in:  -1-2-3----4-|
 * out: -1-----5--4-|   conflate((a, b) => a + b); downstream pulls at 1, after 3 and after 4
 * ```
 * - **Emits when** downstream pulls and at least one element has arrived since the last emission
 * - **Backpressures when** never
 * - **Completes when** upstream completes and the last aggregate was emitted
 * - **Fails when** upstream fails or `aggregate` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // keep only the latest price while the UI is busy
 * const latest = Flow.create<number>().conflate((_older, newer) => newer)
 * await Source.range(1, 3).via(latest).runCollect() // [1, 2, 3] with a fast consumer
 * ```
 * @see {@link conflateWithSeed}, {@link batch}, {@link buffer}
 * @category buffer
 * @since 0.1.0
 */
export function conflate<T>(aggregate: (acc: T, x: T) => T): FlowGraph<T, T, NotUsed> {
  requireFunction('conflate', 'aggregate', aggregate)
  return flowOf('conflate', () => new Batch<T, T>(Infinity, null, identity, aggregate))
}

function identity<T>(x: T): T {
  return x
}
