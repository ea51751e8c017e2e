import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { OrderedAsync } from './internal/OrderedAsync.js'

/**
 * Calls `f` on each element with up to `parallelism` calls in flight, and emits the results in
 * the order of the elements, whatever order they settle in. A result of `null` or `undefined` is
 * skipped. `f` may return a plain value: it is used at once, with no Promise involved.
 *
 * ```
 * in:  -a-b-c------|
 * f:    [--A]          (a settles last)
 *         [B]
 *           [C]
 * out: ------A-B-C-|   mapAsync(2, f)   c is called only once a or b has left the ring
 * ```
 * - **Emits when** the result for the oldest element in flight has settled and downstream pulls
 * - **Backpressures when** `parallelism` elements are in flight or waiting to be emitted
 * - **Completes when** upstream completes and every result has been emitted
 * - **Fails when** `f` throws, a returned Promise rejects (at once, with its original error; results already emitted stay emitted) (a supervision decider that says `resume` drops that element instead), or upstream fails
 * - **Cancels when** downstream cancels; results that settle afterwards are ignored
 *
 * @example
 * ```ts
 * const lookup = async (id: number) => `user-${id}`
 * await Source.range(1, 3).mapAsync(2, lookup).runCollect() // ['user-1', 'user-2', 'user-3']
 * ```
 * @see {@link mapAsyncUnordered}, {@link mapAsyncPartitioned}, {@link filterAsync}
 * @category async
 * @since 0.1.0
 */
export function mapAsync<In, Out>(
  parallelism: number,
  f: (x: In) => Out | null | undefined | PromiseLike<Out | null | undefined>,
): FlowGraph<In, Out, NotUsed> {
  requirePositiveInt('mapAsync', 'parallelism', parallelism)
  requireFunction('mapAsync', 'f', f)
  return flowOf('mapAsync', () => new MapAsync<In, Out>(parallelism, f))
}

class MapAsync<In, Out> extends OrderedAsync<In, Out | null | undefined, Out> {
  constructor(
    parallelism: number,
    private readonly f: (x: In) => Out | null | undefined | PromiseLike<Out | null | undefined>,
  ) {
    super(parallelism, false)
  }
  protected call(elem: In): Out | null | undefined | PromiseLike<Out | null | undefined> {
    return this.f(elem)
  }
  protected emitted(_input: In | undefined, result: Out | null | undefined): Out | null | undefined {
    return result
  }
}
