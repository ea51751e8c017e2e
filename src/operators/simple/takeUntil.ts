import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes on elements until `predicate` holds for one, emits that one too, then cancels
 * upstream and completes (Pekko's `takeUntil`: `takeWhile` of the negation, inclusive).
 *
 * ```
 * in:  -1--2--5--1--|
 * out: -1--2--(5|)      takeUntil(x => x > 3)
 * ```
 * - **Emits when** an element arrives and the predicate has not held yet (the element for which it holds is emitted too)
 * - **Backpressures when** downstream backpressures
 * - **Completes when** the predicate holds (after emitting that element), or upstream completes
 * - **Fails when** upstream fails or `predicate` throws
 * - **Cancels when** the predicate holds, or downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 5, 1]).takeUntil((x) => x > 3).runCollect() // [1, 2, 5]
 * ```
 * @see {@link takeWhile}
 * @category simple
 * @since 0.2.0
 */
export function takeUntil<T>(predicate: (x: T) => boolean): FlowGraph<T, T, NotUsed> {
  requireFunction('takeUntil', 'predicate', predicate)
  return flowOf('takeUntil', () => new TakeUntil(predicate))
}

class TakeUntil<T> extends LinearStage<T, T> {
  constructor(private readonly p: (x: T) => boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (!this.p(elem)) return this.push(this.out, elem)
    this.cancel(this.in)
    this.push(this.out, elem)
    this.complete(this.out)
  }
}
