import { requireFunction } from '../../core/args.js'
import { EmptyStreamError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Like {@link fold} with the first element as the start value; fails on an empty stream.
 *
 * ```
 * in:  -1--2--3--|
 * out: ----------6|     reduce((a, b) => a + b)
 * ```
 * - **Emits when** upstream completes
 * - **Backpressures when** downstream backpressures (after completion)
 * - **Completes when** the result was emitted
 * - **Fails when** upstream fails, `f` throws, or upstream completes empty (`EmptyStreamError`)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 3).reduce((a, b) => a + b).runCollect() // [6]
 * ```
 * @see {@link fold}
 * @category simple
 * @since 0.1.0
 */
export function reduce<T>(f: (acc: T, x: T) => T): FlowGraph<T, T, NotUsed> {
  requireFunction('reduce', 'f', f)
  return flowOf('reduce', () => new Reduce(f))
}

class Reduce<T> extends LinearStage<T, T> {
  private acc: T | undefined = undefined
  constructor(private readonly f: (acc: T, x: T) => T) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    this.acc = this.acc === undefined ? elem : this.f(this.acc, elem)
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (this.acc === undefined) this.failStage(new EmptyStreamError('reduce'))
    else this.pushThenComplete(this.out, this.acc)
  }
}
