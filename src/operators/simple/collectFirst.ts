import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Emits `f(x)` for the first element where it is not `undefined` (or `null`), then cancels
 * upstream and completes (Pekko's `collectFirst`; `f` plays the partial function, as in
 * {@link filterMap}).
 *
 * ```
 * in:  -1--2--3--4--|
 * out: ----(b|)         collectFirst(x => x % 2 === 0 ? 'b' : undefined)
 * ```
 * - **Emits when** `f` returns a value for the first time
 * - **Backpressures when** downstream backpressures
 * - **Completes when** `f` has returned a value (after emitting it), or upstream completes
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** `f` has returned a value, or downstream cancels
 *
 * @example
 * ```ts
 * await Source.from(['a', '2', '3']).collectFirst((s) => (Number.isNaN(Number(s)) ? undefined : Number(s))).runCollect() // [2]
 * ```
 * @see {@link filterMap}, {@link collectWhile}
 * @category simple
 * @since 0.2.0
 */
export function collectFirst<In, Out>(f: (x: In) => Out | undefined | null): FlowGraph<In, Out, NotUsed> {
  requireFunction('collectFirst', 'f', f)
  return flowOf('collectFirst', () => new CollectFirst(f))
}

class CollectFirst<In, Out> extends LinearStage<In, Out> {
  constructor(private readonly f: (x: In) => Out | undefined | null) {
    super()
  }
  onPush(): void {
    const out = this.f(this.grab(this.in))
    if (out === undefined || out === null) return this.pull(this.in)
    this.cancel(this.in)
    this.push(this.out, out)
    this.complete(this.out)
  }
}
