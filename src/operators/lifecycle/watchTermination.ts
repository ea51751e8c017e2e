import { deferred } from '../../core/deferred.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { flowOf, type FlowGraph } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes elements on unchanged and materializes a Promise that settles when the stream ends at
 * this point: resolved when upstream completes or downstream cancels, rejected with the error
 * when upstream fails (or downstream cancels with an error).
 *
 * ```
 * in:   -1--2--|
 * out:  -1--2--|        watchTermination()  → Promise resolves at |
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const [done, result] = Source.from([1, 2, 3]).watchTermination(Keep.right).toMat(Sink.collect(), Keep.both).run()
 * await done // resolves once the source has completed
 * await result // [1, 2, 3]
 * ```
 * @see {@link monitor}
 * @category lifecycle
 * @since 0.1.0
 */
export function watchTermination<T>(): FlowGraph<T, T, Promise<void>> {
  return flowOf('watchTermination', () => new WatchTermination<T>())
}

class WatchTermination<T> extends LinearStage<T, T> {
  private readonly done = deferred<void>()
  constructor() {
    super()
    this.mat = this.done.promise
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFinish(): void {
    this.done.resolve()
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.done.reject(error)
    this.failStage(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    if (cause === undefined) this.done.resolve()
    else this.done.reject(cause)
    this.cancelStage(cause)
  }
  override postStop(): void {
    // settles only if nothing above did (a Promise settles once)
    this.done.reject(new AbruptTerminationError(`${this.name}: the stream stopped without completing, failing or cancelling here`))
  }
}
