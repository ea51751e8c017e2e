import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Discards elements while `predicate` holds, then passes on everything from the first element for which it does not.
 *
 * ```
 * in:  -1--2--5--1--|
 * out: -------5--1--|   dropWhile(x => x < 3)
 * ```
 * - **Emits when** the predicate has failed once and upstream emits
 * - **Backpressures when** the predicate has failed once and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `predicate` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 5, 1]).dropWhile((x) => x < 3).runCollect() // [5, 1]
 * ```
 * @see {@link drop}, {@link takeWhile}
 * @category simple
 * @since 0.1.0
 */
export function dropWhile<T>(predicate: (x: T) => boolean): FlowGraph<T, T, NotUsed> {
  requireFunction('dropWhile', 'predicate', predicate)
  return flowOf('dropWhile', () => new DropWhile(predicate), { kind: 'dropWhile', f: predicate as (x: unknown) => boolean })
}

class DropWhile<T> extends LinearStage<T, T> {
  private dropping = true
  constructor(private readonly p: (x: T) => boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.dropping && this.p(elem)) return this.pull(this.in)
    this.dropping = false
    this.push(this.out, elem)
  }
}
