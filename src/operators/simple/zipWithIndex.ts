import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Pairs each element with its index, from 0.
 *
 * ```
 * in:  -a-----b-----|
 * out: -a0----b1----|    zipWithIndex()   a0=['a',0]
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from(['a', 'b']).zipWithIndex().runCollect() // [['a', 0], ['b', 1]]
 * ```
 * @category simple
 * @since 0.1.0
 */
export function zipWithIndex<T>(): FlowGraph<T, [T, number], NotUsed> {
  return flowOf('zipWithIndex', () => new ZipWithIndex<T>(), { kind: 'zipWithIndex' })
}

class ZipWithIndex<T> extends LinearStage<T, [T, number]> {
  private index = 0
  onPush(): void {
    this.push(this.out, [this.grab(this.in), this.index++])
  }
}
