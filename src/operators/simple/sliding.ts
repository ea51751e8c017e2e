import { requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Emits windows of `size` elements, each starting `step` elements after the previous one. When
 * upstream completes, a last shorter window is emitted if it holds elements no window held yet.
 *
 * ```
 * in:  -1--2--3--4--5--|
 * out: -------a-----b--|    sliding(3, 2)   a=[1,2,3] b=[3,4,5]
 * ```
 * - **Emits when** a window is full, or upstream completes with unseen elements in a partial window
 * - **Backpressures when** a window is full and downstream backpressures
 * - **Completes when** upstream completes and the last window was emitted
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 4).sliding(2).runCollect() // [[1, 2], [2, 3], [3, 4]]
 * ```
 * @see {@link grouped}
 * @category simple
 * @since 0.1.0
 */
export function sliding<T>(size: number, step = 1): FlowGraph<T, T[], NotUsed> {
  requirePositiveInt('sliding', 'size', size)
  requirePositiveInt('sliding', 'step', step)
  return flowOf('sliding', () => new Sliding<T>(size, step), { kind: 'sliding', n: size, step })
}

class Sliding<T> extends LinearStage<T, T[]> {
  private window: T[] = []
  private skip = 0 // elements between windows when step > size
  private unseen = false // the window holds an element no emitted window held
  constructor(
    private readonly size: number,
    private readonly step: number,
  ) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.skip > 0) {
      this.skip--
      return this.pull(this.in)
    }
    this.window.push(elem)
    this.unseen = true
    if (this.window.length < this.size) return this.pull(this.in)
    const full = this.window
    this.unseen = false
    if (this.step < this.size) this.window = full.slice(this.step)
    else {
      this.window = []
      this.skip = this.step - this.size
    }
    this.push(this.out, full)
  }
  override onUpstreamFinish(): void {
    if (this.unseen) this.pushThenComplete(this.out, this.window)
    else this.completeStage()
  }
}
