import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Collects elements into arrays until their total weight (`cost(x)` each) reaches `minWeight`
 * (Pekko's `groupedWeighted`); the last array may weigh less. An element heavier than
 * `minWeight` is a group of its own.
 *
 * ```
 * in:  -a-b-c-d-|      costs a=1 b=2 c=5 d=1
 * out: ---A-B---(D|)   groupedWeighted(3, cost)   A=[a,b] B=[c] D=[d]
 * ```
 * - **Emits when** the weight of the group reaches `minWeight`, or upstream completes with a group pending
 * - **Backpressures when** a group is ready and downstream backpressures
 * - **Completes when** upstream completes and the last group has been emitted
 * - **Fails when** upstream fails, `cost` throws, or `cost` returns a negative number (`RangeError`)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from(['a', 'bb', 'ccccc', 'd']).groupedWeighted(3, (s) => s.length).runCollect() // [['a', 'bb'], ['ccccc'], ['d']]
 * ```
 * @see {@link grouped}, {@link groupedAdjacentBy}
 * @category simple
 * @since 0.2.0
 */
export function groupedWeighted<T>(minWeight: number, cost: (x: T) => number): FlowGraph<T, T[], NotUsed> {
  if (typeof minWeight !== 'number' || !(minWeight > 0) || minWeight === Infinity)
    throw new RangeError(`groupedWeighted(minWeight): expected a finite number greater than 0, got ${typeof minWeight === 'string' ? JSON.stringify(minWeight) : String(minWeight)}`)
  requireFunction('groupedWeighted', 'cost', cost)
  return flowOf('groupedWeighted', () => new GroupedWeighted(minWeight, cost))
}

class GroupedWeighted<T> extends LinearStage<T, T[]> {
  private group: T[] = []
  private weight = 0
  constructor(
    private readonly minWeight: number,
    private readonly cost: (x: T) => number,
  ) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    const c = this.cost(elem)
    if (typeof c !== 'number' || !(c >= 0)) throw new RangeError(`groupedWeighted: cost must be a non-negative number, got ${String(c)}`)
    this.group.push(elem)
    this.weight += c
    if (this.weight < this.minWeight) return this.pull(this.in)
    const group = this.group
    this.group = []
    this.weight = 0
    this.push(this.out, group)
  }
  override onUpstreamFinish(): void {
    if (this.group.length === 0) return this.completeStage()
    const group = this.group
    this.group = []
    this.pushThenComplete(this.out, group)
  }
}
