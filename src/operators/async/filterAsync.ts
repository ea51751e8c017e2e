import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { OrderedAsync } from './internal/OrderedAsync.js'

/**
 * Passes on the elements for which `predicate` resolves truthy, with up to `parallelism` checks
 * in flight, in the order the elements came. `predicate` may also return a plain boolean.
 *
 * ```
 * in:  -1-2-3-4------|
 * p:    [---T]
 *         [F]
 *           [T]
 *             [F]
 * out: ---------1-3--|   filterAsync(4, isOdd)
 * ```
 * - **Emits when** the check of the oldest element in flight resolved truthy and downstream pulls
 * - **Backpressures when** `parallelism` elements are in flight or waiting to be emitted
 * - **Completes when** upstream completes and every check has settled and its element was emitted
 * - **Fails when** `predicate` throws, a returned Promise rejects (with its original error) (a supervision decider that says `resume` drops that element instead), or upstream fails
 * - **Cancels when** downstream cancels; checks that settle afterwards are ignored
 *
 * @example
 * ```ts
 * const exists = async (id: number) => id % 2 === 1
 * await Source.range(1, 5).filterAsync(2, exists).runCollect() // [1, 3, 5]
 * ```
 * @see {@link mapAsync}, {@link operators!simple.filter | filter}
 * @category async
 * @since 0.1.0
 */
export function filterAsync<T>(parallelism: number, predicate: (x: T) => boolean | PromiseLike<boolean>): FlowGraph<T, T, NotUsed> {
  requirePositiveInt('filterAsync', 'parallelism', parallelism)
  requireFunction('filterAsync', 'predicate', predicate)
  return flowOf('filterAsync', () => new FilterAsync<T>(parallelism, predicate))
}

class FilterAsync<T> extends OrderedAsync<T, boolean, T> {
  constructor(
    parallelism: number,
    private readonly predicate: (x: T) => boolean | PromiseLike<boolean>,
  ) {
    super(parallelism, true)
  }
  protected call(elem: T): boolean | PromiseLike<boolean> {
    return this.predicate(elem)
  }
  protected emitted(input: T | undefined, keep: boolean): T | undefined {
    return keep ? input : undefined
  }
}
