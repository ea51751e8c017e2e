import { requireFunction } from '../../core/args.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { sinkOf, type NotUsed, type SinkGraph } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'

/**
 * Consumes and discards every element and calls `callback` once when the stream ends, with the
 * outcome as `Promise.allSettled` gives it: `{ status: 'fulfilled' }` on completion,
 * `{ status: 'rejected', reason }` on failure (Pekko's `Sink.onComplete`). A run torn down before
 * either gets a rejection with an `AbruptTerminationError`.
 *
 * ```
 * in:       -a--b--|
 * callback: -------(✓)   onComplete(callback)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** never
 * - **Completes when** upstream completes (`callback` gets `fulfilled`)
 * - **Fails when** upstream fails (`callback` gets `rejected` with the error)
 * - **Cancels when** never
 *
 * @example
 * ```ts
 * const outcomes: string[] = []
 * Source.range(1, 3).runWith(Sink.onComplete((r) => outcomes.push(r.status)))
 * await new Promise((resolve) => setTimeout(resolve, 1))
 * outcomes // ['fulfilled']
 * ```
 * @see {@link ignore}, {@link operators!lifecycle.watchTermination | watchTermination}
 * @category sink
 * @since 0.2.0
 */
export function onComplete(callback: (result: PromiseSettledResult<void>) => void): SinkGraph<unknown, NotUsed> {
  requireFunction('onComplete', 'callback', callback)
  return sinkOf('onComplete', () => new OnComplete(callback))
}

class OnComplete extends SinkStage<unknown> {
  private called = false
  constructor(private readonly callback: (result: PromiseSettledResult<void>) => void) {
    super()
  }
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    this.grab(this.in)
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.completeStage()
    this.call({ status: 'fulfilled', value: undefined })
  }
  override onUpstreamFailure(error: unknown): void {
    this.failStage(error)
    this.call({ status: 'rejected', reason: error })
  }
  override failStage(error: unknown): void {
    // The callback threw: a sink has no outlet to carry that, so report it to the run.
    if (this.called) this.interpreter.onUnhandledError(error, this.name)
    super.failStage(error)
  }
  override postStop(): void {
    this.call({ status: 'rejected', reason: new AbruptTerminationError('onComplete: the stream stopped before it completed or failed') })
  }
  private call(result: PromiseSettledResult<void>): void {
    if (this.called) return
    this.called = true
    this.callback(result)
  }
}
