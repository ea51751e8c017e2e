import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Collects runs of adjacent elements with the same key (`keyOf(x)`, compared with `Object.is`)
 * into arrays (Pekko's `groupedAdjacentBy`). A group is emitted when the first element of the
 * next one arrives, or when upstream completes.
 *
 * ```
 * in:  -a1-a2-b1-a3-|
 * out: -------A-----B(C|)   groupedAdjacentBy(x => x[0])   A=[a1,a2] B=[b1] C=[a3]
 * ```
 * - **Emits when** an element with another key arrives, or upstream completes with a group pending
 * - **Backpressures when** a group is ready and downstream backpressures
 * - **Completes when** upstream completes and the last group has been emitted
 * - **Fails when** upstream fails or `keyOf` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 3, 2, 4, 5]).groupedAdjacentBy((x) => x % 2).runCollect() // [[1, 3], [2, 4], [5]]
 * ```
 * @see {@link grouped}, {@link groupedWeighted}
 * @category simple
 * @since 0.2.0
 */
export function groupedAdjacentBy<T, K>(keyOf: (x: T) => K): FlowGraph<T, T[], NotUsed> {
  requireFunction('groupedAdjacentBy', 'keyOf', keyOf)
  return flowOf('groupedAdjacentBy', () => new GroupedAdjacentBy(keyOf))
}

class GroupedAdjacentBy<T, K> extends LinearStage<T, T[]> {
  private group: T[] = []
  private key: K | undefined = undefined
  constructor(private readonly keyOf: (x: T) => K) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    const key = this.keyOf(elem)
    if (this.group.length === 0 || Object.is(key, this.key)) {
      this.key = key
      this.group.push(elem)
      return this.pull(this.in)
    }
    // The new element starts the next group; it waits for the next pull.
    const group = this.group
    this.group = [elem]
    this.key = key
    this.push(this.out, group)
  }
  override onUpstreamFinish(): void {
    if (this.group.length === 0) return this.completeStage()
    const group = this.group
    this.group = []
    this.pushThenComplete(this.out, group)
  }
}
