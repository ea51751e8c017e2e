import { sinkOf, type NotUsed, type SinkGraph } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'

/**
 * Cancels upstream at once, without requesting anything.
 *
 * - **Cancels when** it starts
 *
 * @example
 * ```ts
 * Source.range(1, 3).to(Sink.cancelled()).run()
 * ```
 * @category sink
 * @since 0.1.0
 */
export function cancelled<T = unknown>(): SinkGraph<T, NotUsed> {
  return sinkOf('cancelled', () => new Cancelled<T>())
}

class Cancelled<T> extends SinkStage<T> {
  override preStart(): void {
    this.cancel(this.in)
  }
  onPush(): void {}
}
