import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes on the elements for which `predicate` does not hold (Pekko's `filterNot`).
 *
 * ```
 * in:  -1--2--3--4--|
 * out: -1-----3-----|    filterNot(x => x % 2 === 0)
 * ```
 * - **Emits when** an element does not satisfy the predicate
 * - **Backpressures when** an element does not satisfy the predicate and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `predicate` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 4).filterNot((x) => x % 2 === 0).runCollect() // [1, 3]
 * ```
 * @see {@link filter}
 * @category simple
 * @since 0.2.0
 */
export function filterNot<T>(predicate: (x: T) => boolean): FlowGraph<T, T, NotUsed> {
  requireFunction('filterNot', 'predicate', predicate)
  return flowOf('filterNot', () => new FilterNot(predicate))
}

class FilterNot<T> extends LinearStage<T, T> {
  constructor(private readonly p: (x: T) => boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.p(elem)) this.pull(this.in)
    else this.push(this.out, elem)
  }
}
