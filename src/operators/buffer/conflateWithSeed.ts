import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { Batch } from './internal/Batch.js'

/**
 * Like {@link conflate}, with the aggregate of another type: `seed` turns the first element
 * after an emission into an aggregate, `aggregate` folds the following ones into it.
 *
 * ```
 * in:  -1-2-3----4-|
 * out: -a-----b--c-|   conflateWithSeed(x => [x], (acc, x) => [...acc, x])   a=[1] b=[2,3] c=[4]
 * ```
 * - **Emits when** downstream pulls and at least one element has arrived since the last emission
 * - **Backpressures when** never
 * - **Completes when** upstream completes and the last aggregate was emitted
 * - **Fails when** upstream fails, or `seed` or `aggregate` throws (or returns `null`/`undefined`)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * const slow = Flow.create<number[]>().throttle(1, '10ms', { maximumBurst: 1 })
 * const done = Source.range(1, 6).conflateWithSeed((x) => [x], (acc, x) => [...acc, x]).via(slow).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await done // [[1], [2], [3, 4, 5, 6]]
 * ```
 * @see {@link conflate}, {@link batch}
 * @category buffer
 * @since 0.1.0
 */
export function conflateWithSeed<T, S>(seed: (x: T) => S, aggregate: (acc: S, x: T) => S): FlowGraph<T, S, NotUsed> {
  requireFunction('conflateWithSeed', 'seed', seed)
  requireFunction('conflateWithSeed', 'aggregate', aggregate)
  return flowOf('conflateWithSeed', () => new Batch<T, S>(Infinity, null, seed, aggregate))
}
