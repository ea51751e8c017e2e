import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { InnerInlet } from './internal/InnerInlet.js'

/**
 * Turns each element into a source with `f` and emits from the latest one only: a new upstream
 * element cancels the running inner source and starts the next (RxJS `switchMap`).
 *
 * ```
 * in:      -a------b-----------|
 * inner a:  -1--2--!              (cancelled when b arrives)
 * inner b:         -3--4|
 * out:     --1--2---3--4-------|   switchMap(f)
 * ```
 * - **Emits when** the latest inner source has an element and downstream pulls
 * - **Backpressures when** downstream backpressures (the inner waits); upstream is never
 *   backpressured: it is pulled as soon as downstream first pulls, and each element switches
 * - **Completes when** upstream and the latest inner source completed
 * - **Fails when** upstream, the latest inner source or `f` fails
 * - **Cancels when** downstream cancels (the inner is cancelled too)
 *
 * An element the old inner had already produced but downstream had not taken is dropped when
 * the switch happens.
 *
 * @example
 * ```ts
 * // search as the user types: only the results for the latest query are emitted
const results = (q: string) => Source.from([`${q}-1`, `${q}-2`])
await Source.single('sluice').switchMap(results).runCollect() // ['sluice-1', 'sluice-2']
 * ```
 * @see {@link flatMapConcat}, {@link flatMapMerge}
 * @category substream
 * @since 0.1.0
 */
export function switchMap<In, Out>(f: (x: In) => SourceGraph<Out, unknown>): FlowGraph<In, Out, NotUsed> {
  requireFunction('switchMap', 'f', f)
  return flowOf('switchMap', () => new SwitchMap(f))
}

class SwitchMap<In, Out> extends LinearStage<In, Out> {
  private current: InnerInlet<Out> | null = null
  constructor(private readonly f: (x: In) => SourceGraph<Out, unknown>) {
    super()
  }
  override onPull(): void {
    const inner = this.current
    if (inner !== null && inner.isAvailable()) {
      this.push(this.out, inner.grab())
      inner.pull() // a no-op once it has finished (its completion follows)
    }
    if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }
  onPush(): void {
    const source = this.f(this.grab(this.in))
    this.current?.cancel()
    const inner: InnerInlet<Out> = new InnerInlet<Out>(this, 'inner', {
      onPush: () => {
        if (inner === this.current && this.isAvailable(this.out)) this.onPull()
      },
      onUpstreamFinish: () => {
        if (inner === this.current) this.innerDone()
      },
      onUpstreamFailure: (e) => {
        if (inner === this.current) this.failStage(e)
      },
    })
    this.current = inner
    inner.materialize(source)
    inner.pull()
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (this.current === null) this.completeStage()
  }
  private innerDone(): void {
    this.current = null
    if (this.isClosed(this.in)) this.completeStage()
  }
}
