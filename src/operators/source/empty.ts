import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Completes at once, without emitting.
 *
 * ```
 * out: |
 * ```
 * - **Completes when** it starts (no demand needed)
 *
 * @example
 * ```ts
 * await Source.empty<number>().runCollect() // []
 * ```
 * @see {@link single}, {@link never}
 * @category source
 * @since 0.1.0
 */
export function empty<T = never>(): SourceGraph<T, NotUsed> {
  return sourceOf('empty', () => new Empty<T>())
}

class Empty<T> extends SourceStage<T> {
  override preStart(): void {
    this.completeStage()
  }
  onPull(): void {}
}
