import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes every element on unchanged: the flow behind `Flow.create<T>()`.
 *
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 2).via(Flow.create<number>()).runCollect() // [1, 2]
 * ```
 * @category simple
 * @since 0.1.0
 */
export function identity<T>(): FlowGraph<T, T, NotUsed> {
  return flowOf('identity', () => new Identity<T>(), { kind: 'identity' })
}

class Identity<T> extends LinearStage<T, T> {
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
}
