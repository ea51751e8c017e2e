import { requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Collects elements into arrays of `size`; the last array may be shorter.
 *
 * ```
 * in:  -1--2--3--4--5--|
 * out: ----a-----b-----c|   grouped(2)   a=[1,2] b=[3,4] c=[5]
 * ```
 * - **Emits when** `size` elements have been collected, or upstream completes with some collected
 * - **Backpressures when** a group is complete and downstream backpressures
 * - **Completes when** upstream completes and the last group was emitted
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 5).grouped(2).runCollect() // [[1, 2], [3, 4], [5]]
 * ```
 * @see {@link sliding}
 * @category simple
 * @since 0.1.0
 */
export function grouped<T>(size: number): FlowGraph<T, T[], NotUsed> {
  requirePositiveInt('grouped', 'size', size)
  return flowOf('grouped', () => new Grouped<T>(size), { kind: 'grouped', n: size })
}

class Grouped<T> extends LinearStage<T, T[]> {
  private group: T[] = []
  constructor(private readonly size: number) {
    super()
  }
  onPush(): void {
    const group = this.group
    group.push(this.grab(this.in))
    if (group.length < this.size) return this.pull(this.in)
    this.group = []
    this.push(this.out, group)
  }
  override onUpstreamFinish(): void {
    const group = this.group
    this.group = [] // the last group belongs downstream now; a stopped stage keeps no element
    if (group.length === 0) this.completeStage()
    else this.pushThenComplete(this.out, group)
  }
}
