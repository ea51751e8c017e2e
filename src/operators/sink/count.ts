import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Counts the elements; the Promise resolves with the count when the stream completes (Pekko's
 * `Sink.count`).
 *
 * ```
 * in:   -a--b--c--|
 * done: ----------(3)   count()
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** never
 * - **Completes when** upstream completes (resolves with the count)
 * - **Fails when** upstream fails (rejects)
 * - **Cancels when** never
 *
 * @example
 * ```ts
 * await Source.from(['a', 'b', 'c']).runWith(Sink.count()) // 3
 * ```
 * @see {@link fold}
 * @category sink
 * @since 0.2.0
 */
export function count(): SinkGraph<unknown, Promise<number>> {
  return sinkOf('count', () => new Count())
}

class Count extends PromiseSink<unknown, number> {
  private n = 0
  onPush(): void {
    this.grab(this.in)
    this.n++
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.resolve(this.n)
    this.completeStage()
  }
}
