import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Collects every element into an array (Pekko's `Sink.seq`). Memory grows with the stream: put
 * `take` or `limit` in front of an unbounded one.
 *
 * - **Completes when** upstream completes (resolves with the array)
 * - **Fails when** upstream fails (rejects)
 *
 * @example
 * ```ts
 * await Source.range(1, 3).runWith(Sink.collect()) // [1, 2, 3]
 * ```
 * @category sink
 * @since 0.1.0
 */
export function collect<T>(): SinkGraph<T, Promise<T[]>> {
  return sinkOf('collect', () => new Collect<T>(), { kind: 'collect' })
}

class Collect<T> extends PromiseSink<T, T[]> {
  private items: T[] = []
  onPush(): void {
    this.items.push(this.grab(this.in))
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.resolve(this.items)
    // the array is the caller's now; a finished run may stay reachable for a while (recentRuns)
    this.items = []
    this.completeStage()
  }
}
