import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Never emits and never completes; ends only when cancelled.
 *
 * ```
 * out: ---------...
 * ```
 * - **Emits when** never
 * - **Completes when** never (cancellation stops it)
 *
 * @example
 * ```ts
 * Source.never<number>().take(0).runCollect() // [] — take(0) cancels it at once
 * ```
 * @category source
 * @since 0.1.0
 */
export function never<T = never>(): SourceGraph<T, NotUsed> {
  return sourceOf('never', () => new Never<T>())
}

class Never<T> extends SourceStage<T> {
  onPull(): void {}
}
