import { requireCount, requireFunction } from '../../core/args.js'
import { StreamLimitReachedError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes elements on unchanged but fails with `StreamLimitReachedError` when the total weight of
 * the elements (`cost(x)` each) exceeds `max` (Pekko's `limitWeighted`): a guard that a stream
 * stays as small as you expect, in bytes say.
 *
 * ```
 * in:  -a--b--c--|      costs a=2 b=2 c=2
 * out: -a--b--#         limitWeighted(5, cost)
 * ```
 * - **Emits when** an element arrives and the total weight is still within `max`
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** the total weight exceeds `max` (the element that crossed it is not emitted), upstream fails, `cost` throws or returns a negative number
 * - **Cancels when** downstream cancels, or the limit is exceeded
 *
 * @example
 * ```ts
 * await Source.from(['ab', 'cd']).limitWeighted(4, (s) => s.length).runCollect() // ['ab', 'cd']
 * ```
 * @see {@link limit}
 * @category simple
 * @since 0.2.0
 */
export function limitWeighted<T>(max: number, cost: (x: T) => number): FlowGraph<T, T, NotUsed> {
  requireCount('limitWeighted', 'max', max)
  requireFunction('limitWeighted', 'cost', cost)
  return flowOf('limitWeighted', () => new LimitWeighted(max, cost))
}

class LimitWeighted<T> extends LinearStage<T, T> {
  private weight = 0
  constructor(
    private readonly max: number,
    private readonly cost: (x: T) => number,
  ) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    const c = this.cost(elem)
    if (typeof c !== 'number' || !(c >= 0)) throw new RangeError(`limitWeighted: cost must be a non-negative number, got ${String(c)}`)
    this.weight += c
    if (this.weight <= this.max) return this.push(this.out, elem)
    const error = new StreamLimitReachedError(this.max)
    error.message = `limitWeighted(max): the stream's elements weighed more than ${this.max}`
    this.failStage(error)
  }
}
