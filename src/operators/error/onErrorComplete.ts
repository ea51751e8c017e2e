import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Turns an upstream failure into completion when `predicate(error)` holds (by default, always).
 *
 * ```
 * in:  -1--2--#
 * out: -1--2--|         onErrorComplete()
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes, or fails with an error `predicate` accepts
 * - **Fails when** upstream fails with an error `predicate` rejects, or `predicate` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * class ConnectionClosed extends Error {}
 * const out = await Source.from([1, 2, 3])
 *   .map((x) => { if (x === 3) throw new ConnectionClosed(); return x })
 *   .onErrorComplete((e) => e instanceof ConnectionClosed)
 *   .runCollect()
 * out // [1, 2]
 * ```
 * @see {@link recover}, {@link mapError}
 * @category error
 * @since 0.1.0
 */
export function onErrorComplete<T>(predicate: (error: unknown) => boolean = always): FlowGraph<T, T, NotUsed> {
  requireFunction('onErrorComplete', 'predicate', predicate)
  return flowOf('onErrorComplete', () => new OnErrorComplete<T>(predicate))
}

function always(): boolean {
  return true
}

class OnErrorComplete<T> extends LinearStage<T, T> {
  constructor(private readonly predicate: (error: unknown) => boolean) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFailure(error: unknown): void {
    if (this.predicate(error)) this.completeStage()
    else this.failStage(error)
  }
}
