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
 * // write rows in batches of up to 100 while the database is busy
 * const rows = Flow.create<number>().batch(100, (x) => [x], (acc, x) => (acc.push(x), acc))
 * await Source.range(1, 3).via(rows).runCollect() // [[1], [2], [3]] with a fast consumer
 * ```
 * @see {@link batchWeighted}, {@link conflateWithSeed}, {@link groupedWithin}
 * @category buffer
 * @since 0.1.0
 */
export function batch<T, S>(max: number, seed: (x: T) => S, aggregate: (acc: S, x: T) => S): FlowGraph<T, S, NotUsed> {
  requirePositiveInt('batch', 'max', max)
  requireFunction('batch', 'seed', seed)
  requireFunction('batch', 'aggregate', aggregate)
  return flowOf('batch', () => new Batch<T, S>(max, null, seed, aggregate))
}
