import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { Batch } from './internal/Batch.js'

/**
 * Like {@link conflateWithSeed}, but at most `max` elements go into one aggregate: when it is
 * full, upstream is backpressured until downstream takes it.
 *
 * ```
 * in:  -1-2-3-4----5-|
 * out: -a-------b--c-|   batch(2, x => [x], (acc, x) => [...acc, x])   a=[1] b=[2,3] c=[4,5]
 *                        (4 waited in the stage: [2,3] was full)
 * ```
 * - **Emits when** downstream pulls and an aggregate holds at least one element
 * - **Backpressures when** the aggregate holds `max` elements and downstream backpressures
 * - **Completes when** upstream completes and the last aggregate was emitted
 * - **Fails when** upstream fails, or `seed` or `aggregate` throws (or returns `null`/`undefined`)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // a slow consumer: one element per 10 ms (on a virtual clock, so that the result is exact)
 * const scheduler = new VirtualScheduler()
 * const slow = Flow.create<number[]>().throttle(1, '10ms', { maximumBurst: 1 })
 * const done = Source.range(1, 10).batch(3, (x) => [x], (acc, x) => [...acc, x]).via(slow).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await done // [[1], [2], [3, 4, 5], [6, 7, 8], [9, 10]]
 * ```
 * @see {@link batchWeighted}, {@link conflateWithSeed}, {@link operators!time.groupedWithin | groupedWithin}
 * @category buffer
 * @since 0.1.0
 */
export function batch<T, S>(max: number, seed: (x: T) => S, aggregate: (acc: S, x: T) => S): FlowGraph<T, S, NotUsed> {
  requirePositiveInt('batch', 'max', max)
  requireFunction('batch', 'seed', seed)
  requireFunction('batch', 'aggregate', aggregate)
  return flowOf('batch', () => new Batch<T, S>(max, null, seed, aggregate))
}
