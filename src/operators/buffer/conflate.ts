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
 * // a slow consumer: one element per 10 ms; what arrives meanwhile is summed
 * const scheduler = new VirtualScheduler()
 * const slow = Flow.create<number>().throttle(1, '10ms', { maximumBurst: 1 })
 * const sums = Source.range(1, 10).conflate((sum, x) => sum + x).via(slow).runCollect({ scheduler })
 * // or keep only the latest value
 * const latest = Source.range(1, 10).conflate((_older, newer) => newer).via(slow).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await sums // [1, 2, 52]
 * await latest // [1, 2, 10]
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
