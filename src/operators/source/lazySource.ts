import { requireFunction } from '../../core/args.js'
import { deferred } from '../../core/deferred.js'
import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { SubSinkInlet } from '../../core/SubSinkInlet.js'

/**
 * Creates the real source with `factory` only when downstream first pulls, then emits what it
 * emits. The materialized value is a Promise of the inner source's materialized value (rejected
 * with `factory`'s error when it throws, and with an Error when the stream ends before the first
 * pull).
 *
 * ```
 * out: ----a--b|          (factory runs at the first pull)
 * ```
 * - **Emits when** the inner source emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** the inner source completes
 * - **Fails when** `factory` throws or the inner source fails
 * - **Cancels when** downstream cancels (the inner source is cancelled too)
 *
 * @example
 * ```ts
 * let created = 0
 * const src = Source.lazy(() => { created++; return Source.range(1, 2) })
 * await src.runCollect() // [1, 2], and created === 1
 * ```
 * @category source
 * @since 0.1.0
 */
export function lazySource<T, M>(factory: () => SourceGraph<T, M>): SourceGraph<T, Promise<M>> {
  requireFunction('lazy', 'factory', factory)
  return sourceOf('lazy', () => new LazySource(factory))
}

class LazySource<T, M> extends SourceStage<T> {
  private inner: SubSinkInlet<T> | null = null
  private readonly matPromise = deferred<M>()
  constructor(private readonly factory: () => SourceGraph<T, M>) {
    super()
    this.mat = this.matPromise.promise
  }
  onPull(): void {
    if (this.inner !== null) return this.inner.pull()
    const inner = new SubSinkInlet<T>(this, 'inner', {
      onPush: () => this.push(this.out, inner.grab()),
      onUpstreamFinish: () => this.completeStage(),
      onUpstreamFailure: (e) => this.failStage(e),
    })
    this.inner = inner
    this.matPromise.resolve(inner.materialize(this.factory()))
    inner.pull()
  }
  override failStage(error: unknown): void {
    // Before the inner source exists this means the factory threw: the Promise fails with its
    // error. Once the Promise is resolved, rejecting it does nothing.
    this.matPromise.reject(error)
    super.failStage(error)
  }
  override postStop(): void {
    this.matPromise.reject(new Error('lazy: the stream ended before the source was created'))
  }
}
