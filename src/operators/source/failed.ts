import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Fails at once with `error`, without emitting.
 *
 * ```
 * out: #
 * ```
 * - **Fails when** it starts (no demand needed)
 *
 * @example
 * ```ts
 * await Source.failed(new Error('boom')).runCollect().catch((e: Error) => e.message) // 'boom'
 * ```
 * @see {@link empty}
 * @category source
 * @since 0.1.0
 */
export function failed<T = never>(error: unknown): SourceGraph<T, NotUsed> {
  requireDefined('failed', 'error', error)
  return sourceOf('failed', () => new Failed<T>(error))
}

class Failed<T> extends SourceStage<T> {
  constructor(private readonly error: unknown) {
    super()
  }
  override preStart(): void {
    this.failStage(this.error)
  }
  onPull(): void {}
}
