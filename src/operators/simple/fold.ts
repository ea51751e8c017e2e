import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Folds all elements with `f`, starting from `zero`, and emits the result when upstream completes.
 *
 * ```
 * in:  -1--2--3--|
 * out: ----------6|     fold(0, (acc, x) => acc + x)
 * ```
 * - **Emits when** upstream completes
 * - **Backpressures when** downstream backpressures (after completion)
 * - **Completes when** the result was emitted
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 3).fold(0, (acc, x) => acc + x).runCollect() // [6]
 * ```
 * @see {@link scan}, {@link reduce}
 * @category simple
 * @since 0.1.0
 */
export function fold<In, Acc>(zero: Acc, f: (acc: Acc, x: In) => Acc): FlowGraph<In, Acc, NotUsed> {
  requireFunction('fold', 'f', f)
  return flowOf('fold', () => new Fold(zero, f))
}

class Fold<In, Acc> extends LinearStage<In, Acc> {
  constructor(
    private acc: Acc,
    private readonly f: (acc: Acc, x: In) => Acc,
  ) {
    super()
  }
  onPush(): void {
    this.acc = this.f(this.acc, this.grab(this.in))
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.pushThenComplete(this.out, this.acc)
  }
}
