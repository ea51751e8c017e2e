import { requireCount } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes on the first `count` elements, then cancels upstream and completes.
 *
 * ```
 * in:  -1--2--3--4--|
 * out: -1--2|           take(2)
 * up:  ^-----!          (cancelled right after the 2nd element)
 * ```
 * - **Emits when** upstream emits and fewer than `count` elements have passed
 * - **Backpressures when** downstream backpressures
 * - **Completes when** `count` elements have passed (with no pull if `count` is 0), or upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** `count` elements have passed, or downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 10).take(3).runCollect() // [1, 2, 3]
 * ```
 * @see {@link takeWhile}, {@link limit}
 * @category simple
 * @since 0.1.0
 */
export function take<T>(count: number): FlowGraph<T, T, NotUsed> {
  requireCount('take', 'count', count)
  return flowOf('take', () => new Take<T>(count), { kind: 'take', n: count })
}

class Take<T> extends LinearStage<T, T> {
  constructor(private left: number) {
    super()
  }
  override preStart(): void {
    if (this.left === 0) this.completeStage() // never pulls
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (--this.left > 0) return this.push(this.out, elem)
    this.cancel(this.in) // stop upstream first, then hand over the last element
    this.push(this.out, elem)
    this.complete(this.out)
  }
}
