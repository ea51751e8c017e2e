import { requireFunction, requireNonNegativeNumber } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { Batch } from './internal/Batch.js'

/**
 * Like {@link batch}, with each element weighing `cost(x)`: an aggregate takes elements while
 * their total cost stays within `max`. An element that does not fit waits (upstream is
 * backpressured) and starts the next aggregate; an element heavier than `max` alone forms an
 * aggregate of its own.
 *
 * ```
 * in:  -a-b-c-------|      costs a=2 b=2 c=3
 * out: -A-------B-C-|   batchWeighted(4, cost, seed, agg)   A=[a] B=[b] C=[c]  (b+c = 5 > 4)
 * ```
 * - **Emits when** downstream pulls and an aggregate holds at least one element
 * - **Backpressures when** the next element does not fit the aggregate and downstream backpressures
 * - **Completes when** upstream completes and the last aggregate (and the waiting element's) was emitted
 * - **Fails when** upstream fails, `cost`, `seed` or `aggregate` throws, or `cost` returns a negative number
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // join strings up to 5 characters while a slow consumer is busy
 * const scheduler = new VirtualScheduler()
 * const slow = Flow.create<string>().throttle(1, '10ms', { maximumBurst: 1 })
 * const chunks = Source.from(['ab', 'cde', 'f', 'ghij', 'k']).batchWeighted(5, (s) => s.length, (s) => s, (acc, s) => acc + s)
 * const done = chunks.via(slow).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await done // ['ab', 'cde', 'fghij', 'k']
 * ```
 * @see {@link batch}, {@link operators!time.groupedWeightedWithin | groupedWeightedWithin}
 * @category buffer
 * @since 0.1.0
 */
export function batchWeighted<T, S>(
  max: number,
  cost: (x: T) => number,
  seed: (x: T) => S,
  aggregate: (acc: S, x: T) => S,
): FlowGraph<T, S, NotUsed> {
  requireNonNegativeNumber('batchWeighted', 'max', max)
  requireFunction('batchWeighted', 'cost', cost)
  requireFunction('batchWeighted', 'seed', seed)
  requireFunction('batchWeighted', 'aggregate', aggregate)
  return flowOf('batchWeighted', () => new Batch<T, S>(max, cost, seed, aggregate))
}
