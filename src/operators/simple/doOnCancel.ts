import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes elements on unchanged and calls `f(cause, wasCancelledNormally)` when downstream
 * cancels, before the cancellation goes upstream (Pekko's `doOnCancel`). A cancel without a
 * cause is normal; one with a cause (a failure downstream) is not.
 *
 * ```
 * in:  -a--b--c--...
 * out: -a--b|           doOnCancel(f)   (take(2) downstream: f(undefined, true))
 * up:  ^-----!
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes (`f` is not called)
 * - **Fails when** upstream fails (`f` is not called) or `f` throws (upstream is cancelled with that error)
 * - **Cancels when** downstream cancels, after `f` has run
 *
 * @example
 * ```ts
 * const seen: boolean[] = []
 * await Source.range(1, 10).doOnCancel((_cause, normal) => seen.push(normal)).take(2).runCollect() // [1, 2]
 * seen // [true]
 * ```
 * @see {@link doOnFirst}, {@link operators!lifecycle.watchTermination | watchTermination}
 * @category simple
 * @since 0.2.0
 */
export function doOnCancel<T>(f: (cause: unknown, wasCancelledNormally: boolean) => void): FlowGraph<T, T, NotUsed> {
  requireFunction('doOnCancel', 'f', f)
  return flowOf('doOnCancel', () => new DoOnCancel<T>(f))
}

class DoOnCancel<T> extends LinearStage<T, T> {
  constructor(private readonly f: (cause: unknown, wasCancelledNormally: boolean) => void) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onDownstreamFinish(cause: unknown): void {
    this.f(cause, cause === undefined)
    this.cancelStage(cause)
  }
}
