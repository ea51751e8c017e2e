import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes on the elements for which `predicate` holds.
 *
 * ```
 * in:  -1--2--3--4--|
 * out: ----2-----4--|    filter(x => x % 2 === 0)
 * ```
 * - **Emits when** an element satisfies the predicate
 * - **Backpressures when** an element satisfies the predicate and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `predicate` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 4).filter((x) => x % 2 === 0).runCollect() // [2, 4]
 * ```
 * @see {@link filterMap}
 * @category simple
 * @since 0.1.0
 */
export function filter<T, S extends T = T>(predicate: ((x: T) => x is S) | ((x: T) => boolean)): FlowGraph<T, S, NotUsed> {
  requireFunction('filter', 'predicate', predicate)
  return flowOf('filter', () => new Filter(predicate as (x: T) => boolean), { kind: 'filter', f: predicate as (x: unknown) => boolean })
}

class Filter<T> extends LinearStage<T, T> {
  constructor(private readonly p: (x: T) => boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.p(elem)) this.push(this.out, elem)
    else this.pull(this.in)
  }
}
