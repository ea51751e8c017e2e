import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Consumes and discards every element, as fast as upstream delivers; the Promise settles when the stream ends.
 *
 * - **Backpressures when** never
 * - **Completes when** upstream completes (resolves); **Fails when** upstream fails (rejects)
 *
 * @example
 * ```ts
 * await Source.range(1, 3).runWith(Sink.ignore())
 * ```
 * @category sink
 * @since 0.1.0
 */
export function ignore(): SinkGraph<unknown, Promise<void>> {
  return sinkOf('ignore', () => new Ignore(), { kind: 'ignore' })
}

class Ignore extends PromiseSink<unknown, void> {
  onPush(): void {
    this.grab(this.in)
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.resolve()
    this.completeStage()
  }
}
