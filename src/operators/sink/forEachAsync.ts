import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { ResultCallbacks } from '../async/internal/reactionCallback.js'
import { isThenable } from '../async/internal/thenable.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Calls `f` for each element and awaits what it returns, with up to `parallelism` calls in
 * flight; the Promise resolves once upstream has completed and every call has settled (Pekko's
 * `Sink.foreachAsync`). With `parallelism` 1 each element waits for the previous call: the
 * `for await` loop of Node code, with backpressure.
 *
 * ```
 * in:  -a-b-c-----|
 * f:    [--]          (f(c) starts only when f(a) has settled)
 *         [----]
 *           ..[--]
 * done: ----------(✓) forEachAsync(2, f)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** `parallelism` calls are in flight
 * - **Completes when** upstream has completed and every call has settled (resolves)
 * - **Fails when** upstream fails, `f` throws or a returned Promise rejects (rejects at once, without waiting for the other calls)
 * - **Cancels when** `f` throws or a returned Promise rejects
 *
 * @example
 * ```ts
 * const saved: number[] = []
 * const save = async (x: number) => { await Promise.resolve(); saved.push(x) }
 * await Source.range(1, 3).runWith(Sink.forEachAsync(1, save))
 * saved // [1, 2, 3]
 * ```
 * @see {@link forEach}
 * @category sink
 * @since 0.2.0
 */
export function forEachAsync<T>(parallelism: number, f: (x: T) => PromiseLike<unknown> | void): SinkGraph<T, Promise<void>> {
  requirePositiveInt('forEachAsync', 'parallelism', parallelism)
  requireFunction('forEachAsync', 'f', f)
  return sinkOf('forEachAsync', () => new ForEachAsync(parallelism, f))
}

class ForEachAsync<T> extends PromiseSink<T, void> {
  private inFlight = 0
  private readonly callSettled = (): void => {
    this.inFlight--
    this.next()
  }
  private readonly callRejected = (error: unknown): void => this.failStage(error)
  private readonly calls = new ResultCallbacks<unknown>(this, this.callSettled, this.callRejected)
  constructor(
    private readonly parallelism: number,
    private readonly f: (x: T) => PromiseLike<unknown> | void,
  ) {
    super()
  }
  onPush(): void {
    const r = this.f(this.grab(this.in))
    if (isThenable(r)) {
      this.inFlight++
      this.calls.listen(r)
    }
    this.next()
  }
  override onUpstreamFinish(): void {
    // Stay alive with the inlet closed until the calls in flight settle.
    this.setKeepGoing(true)
    this.next()
  }
  override failStage(error: unknown): void {
    super.failStage(error)
    this.setKeepGoing(false)
  }
  private next(): void {
    if (this.isClosed(this.in)) {
      if (this.inFlight === 0) {
        this.resolve()
        this.setKeepGoing(false)
      }
    } else if (this.inFlight < this.parallelism && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }
}
