import { requireNonNegativeInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Discards the first `count` elements, then passes on the rest.
 *
 * ```
 * in:  -1--2--3--4--|
 * out: -------3--4--|   drop(2)
 * ```
 * - **Emits when** `count` elements have been dropped and upstream emits
 * - **Backpressures when** `count` elements have been dropped and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 4).drop(2).runCollect() // [3, 4]
 * ```
 * @see {@link dropWhile}, {@link take}
 * @category simple
 * @since 0.1.0
 */
export function drop<T>(count: number): FlowGraph<T, T, NotUsed> {
  requireNonNegativeInt('drop', 'count', count)
  return flowOf('drop', () => new Drop<T>(count), { kind: 'drop', n: count })
}

class Drop<T> extends LinearStage<T, T> {
  constructor(private left: number) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.left > 0) {
      this.left--
      this.pull(this.in)
    } else this.push(this.out, elem)
  }
}
