import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Transforms each element with `f`.
 *
 * ```
 * in:  -1--2--3--|
 * out: -2--4--6--|      map(x => x * 2)
 * ```
 * - **Emits when** upstream emits; the result of `f`
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 3).map((x) => x * 2).runCollect() // [2, 4, 6]
 * ```
 * @see {@link filterMap}
 * @category simple
 * @since 0.1.0
 */
export function map<In, Out>(f: (x: In) => Out): FlowGraph<In, Out, NotUsed> {
  requireFunction('map', 'f', f)
  return flowOf('map', () => new MapStage(f), { kind: 'map', f: f as (x: unknown) => unknown })
}

class MapStage<In, Out> extends LinearStage<In, Out> {
  constructor(private readonly f: (x: In) => Out) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.f(this.grab(this.in)))
  }
}
