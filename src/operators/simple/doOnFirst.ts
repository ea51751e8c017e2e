import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Calls `f` with the first element, then passes every element on unchanged (Pekko's `doOnFirst`).
 *
 * ```
 * in:  -a--b--c--|
 * out: -a--b--c--|    doOnFirst(f)   f(a) runs before a is emitted
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * let first: number | undefined
 * await Source.range(1, 3).doOnFirst((x) => (first = x)).runCollect() // [1, 2, 3]
 * first // 1
 * ```
 * @see {@link doOnCancel}, {@link log}
 * @category simple
 * @since 0.2.0
 */
export function doOnFirst<T>(f: (x: T) => void): FlowGraph<T, T, NotUsed> {
  requireFunction('doOnFirst', 'f', f)
  return flowOf('doOnFirst', () => new DoOnFirst(f))
}

class DoOnFirst<T> extends LinearStage<T, T> {
  private first = true
  constructor(private readonly f: (x: T) => void) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.first) {
      this.first = false
      this.f(elem)
    }
    this.push(this.out, elem)
  }
}
