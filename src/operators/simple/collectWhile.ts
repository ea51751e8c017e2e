import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Emits `f(x)` while it is not `undefined` (or `null`); on the first element for which it is,
 * cancels upstream and completes (Pekko's `collectWhile`).
 *
 * ```
 * in:  -1--2--3--4--|
 * out: -a--b--|         collectWhile(x => x < 3 ? 'ab'[x - 1] : undefined)
 * ```
 * - **Emits when** `f` returns a value
 * - **Backpressures when** downstream backpressures
 * - **Completes when** `f` returns `undefined` or `null`, or upstream completes
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** `f` returns `undefined` or `null`, or downstream cancels
 *
 * @example
 * ```ts
 * await Source.from(['1', '2', 'x', '4']).collectWhile((s) => (Number.isNaN(Number(s)) ? undefined : Number(s))).runCollect() // [1, 2]
 * ```
 * @see {@link filterMap}, {@link collectFirst}, {@link takeWhile}
 * @category simple
 * @since 0.2.0
 */
export function collectWhile<In, Out>(f: (x: In) => Out | undefined | null): FlowGraph<In, Out, NotUsed> {
  requireFunction('collectWhile', 'f', f)
  return flowOf('collectWhile', () => new CollectWhile(f))
}

class CollectWhile<In, Out> extends LinearStage<In, Out> {
  constructor(private readonly f: (x: In) => Out | undefined | null) {
    super()
  }
  onPush(): void {
    const out = this.f(this.grab(this.in))
    if (out !== undefined && out !== null) return this.push(this.out, out)
    this.cancel(this.in)
    this.complete(this.out)
  }
}
