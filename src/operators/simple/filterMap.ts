import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Maps each element with `f` and passes on the results that are not `undefined` (Pekko's `collect`).
 *
 * ```
 * in:  -1--2--3--|
 * out: ----b-----|      filterMap(x => x === 2 ? 'b' : undefined)
 * ```
 * - **Emits when** `f` returns a value
 * - **Backpressures when** `f` returns a value and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from(['1', 'x', '3']).filterMap((s) => (Number.isNaN(Number(s)) ? undefined : Number(s))).runCollect() // [1, 3]
 * ```
 * @see {@link map}, {@link filter}
 * @category simple
 * @since 0.1.0
 */
export function filterMap<In, Out>(f: (x: In) => Out | undefined): FlowGraph<In, Out, NotUsed> {
  requireFunction('filterMap', 'f', f)
  return flowOf('filterMap', () => new FilterMap(f), { kind: 'filterMap', f: f as (x: unknown) => unknown })
}

class FilterMap<In, Out> extends LinearStage<In, Out> {
  constructor(private readonly f: (x: In) => Out | undefined) {
    super()
  }
  onPush(): void {
    const out = this.f(this.grab(this.in))
    if (out !== undefined && out !== null) this.push(this.out, out)
    else this.pull(this.in)
  }
}
