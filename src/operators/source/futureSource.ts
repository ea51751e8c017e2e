import { deferred } from '../../core/deferred.js'
import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { SubSinkInlet } from '../../core/SubSinkInlet.js'
import { isThenable } from '../async/internal/thenable.js'

/**
 * A source from a Promise of a source: once the Promise resolves, runs that source and emits its
 * elements; the materialized Promise resolves with the inner source's materialized value
 * (Pekko's `Source.futureSource`). A rejected Promise fails the stream.
 *
 * ```
 * promise: [----]
 * inner:        -a-b-|
 * out:     ------a-b-|     futureSource(promise)
 * ```
 * - **Emits when** the inner source emits and downstream pulls
 * - **Backpressures when** downstream backpressures (the inner source is pulled only on demand)
 * - **Completes when** the inner source completes
 * - **Fails when** the Promise rejects or the inner source fails
 * - **Cancels when** downstream cancels (the inner source too, if it runs)
 *
 * @example
 * ```ts
 * const page = Promise.resolve(Source.from(['a', 'b']))
 * await Source.futureSource(page).runCollect() // ['a', 'b']
 * ```
 * @see {@link lazySource}, {@link fromPromise}
 * @category source
 * @since 0.2.0
 */
export function futureSource<T, M>(promise: PromiseLike<SourceGraph<T, M>>): SourceGraph<T, Promise<M>> {
  if (!isThenable(promise))
    throw new TypeError(`futureSource(promise): expected a Promise, got ${promise === null ? 'null' : typeof promise}`)
  return sourceOf('futureSource', () => new FutureSource(promise))
}

class FutureSource<T, M> extends SourceStage<T> {
  private inner: SubSinkInlet<T> | null = null
  private readonly matPromise = deferred<M>()
  private readonly onSource = this.getAsyncCallback<SourceGraph<T, M>>((source) => this.start(source))
  private readonly onError = this.getAsyncCallback<unknown>((e) => this.failStage(e))
  constructor(private readonly promise: PromiseLike<SourceGraph<T, M>>) {
    super()
    this.mat = this.matPromise.promise
  }
  override preStart(): void {
    this.promise.then(this.onSource, this.onError)
  }
  onPull(): void {
    this.inner?.pull()
  }
  private start(source: SourceGraph<T, M>): void {
    if (source === null || typeof source !== 'object' || source.module === undefined)
      throw new TypeError(`futureSource: expected the Promise to resolve to a Source, got ${String(source)}`)
    const inner = new SubSinkInlet<T>(this, 'inner', {
      onPush: () => this.push(this.out, inner.grab()),
      onUpstreamFinish: () => this.completeStage(),
      onUpstreamFailure: (e) => this.failStage(e),
    })
    this.inner = inner
    this.matPromise.resolve(inner.materialize(source))
    if (this.isAvailable(this.out)) inner.pull()
  }
  override failStage(error: unknown): void {
    this.matPromise.reject(error) // no effect once resolved
    super.failStage(error)
  }
  override postStop(): void {
    this.matPromise.reject(new Error('futureSource: the stream ended before the Promise resolved'))
  }
}
