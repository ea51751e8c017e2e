/**
 * The stage behind `flatMapMerge`, `flatMapConcat` (breadth 1) and `mergeSubstreams`: runs up to
 * `breadth` inner sources at once inside the current interpreter and emits their elements as
 * they arrive.
 *
 * @module
 */
import type { SourceGraph } from '../../../core/Graph.js'
import { LinearStage } from '../../../core/StageLogic.js'
import { InnerInlet } from './InnerInlet.js'

/**
 * Each running inner source has one element requested ahead; inners whose element arrived while
 * downstream was busy wait in `ready` (FIFO), so no inner is starved.
 *
 * @internal
 */
export class FlattenMerge<In, Out> extends LinearStage<In, Out> {
  private active = 0
  private readonly ready: InnerInlet<Out>[] = []
  constructor(
    private readonly breadth: number,
    private readonly f: (x: In) => SourceGraph<Out, unknown>,
  ) {
    super()
  }

  override onPull(): void {
    const inner = this.ready.shift()
    if (inner === undefined) return this.pullOuter()
    this.push(this.out, inner.grab())
    inner.pull() // a no-op once that inner has finished
  }

  onPush(): void {
    const source = this.f(this.grab(this.in))
    this.active++
    const inner: InnerInlet<Out> = new InnerInlet<Out>(this, 'inner', {
      onPush: () => this.innerPushed(inner),
      // Arrives only after the inner's last element was taken (InnerInlet): an inner whose last
      // element still waits in `ready` keeps its slot, so at most `breadth` elements are held.
      onUpstreamFinish: () => this.innerFinished(),
      onUpstreamFailure: (e) => this.failStage(e),
    })
    inner.materialize(source)
    inner.pull()
    this.pullOuter()
  }

  override onUpstreamFinish(): void {
    this.completeIfDone()
  }

  private completeIfDone(): void {
    if (this.active === 0 && this.isClosed(this.in)) this.completeStage()
  }

  private pullOuter(): void {
    // Keep `breadth` inners running once downstream has asked for anything.
    if (this.active < this.breadth && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  private innerPushed(inner: InnerInlet<Out>): void {
    if (this.isAvailable(this.out)) {
      this.push(this.out, inner.grab())
      inner.pull()
    } else this.ready.push(inner)
  }

  private innerFinished(): void {
    this.active--
    this.completeIfDone()
    this.pullOuter()
  }
}
