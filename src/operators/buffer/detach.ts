import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes elements on unchanged, holding at most one: it asks upstream for an element before
 * downstream does, so the next element is ready when downstream pulls (Pekko's `detach`, a
 * buffer of one that backpressures).
 *
 * ```
 * in:  -a-b-------c-|
 * out: ---a---b---c-|   detach()   (downstream pulls at 3, 7, 11: b was already waiting)
 * up:  ^
 * ```
 * - **Emits when** an element is held and downstream pulls
 * - **Backpressures when** an element is held and downstream has not pulled
 * - **Completes when** upstream completes and the held element has been emitted
 * - **Fails when** upstream fails (at once; a held element is dropped)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 3).detach().runCollect() // [1, 2, 3]
 * ```
 * @see {@link buffer}
 * @category buffer
 * @since 0.2.0
 */
export function detach<T>(): FlowGraph<T, T, NotUsed> {
  return flowOf('detach', () => new Detach<T>())
}

class Detach<T> extends LinearStage<T, T> {
  private held: T | undefined = undefined
  private holding = false
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.isAvailable(this.out)) {
      this.push(this.out, elem)
      this.pull(this.in)
    } else {
      this.held = elem
      this.holding = true
    }
  }
  override onPull(): void {
    if (!this.holding) return
    const elem = this.held as T
    this.held = undefined
    this.holding = false
    this.push(this.out, elem)
    if (this.isClosed(this.in)) this.completeStage()
    else this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (!this.holding) this.completeStage()
  }
}
