import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits one element, then completes.
 *
 * ```
 * out: x|
 * ```
 * - **Emits when** downstream pulls
 * - **Completes when** the element was emitted
 *
 * @example
 * ```ts
 * await Source.single('hello').runCollect() // ['hello']
 * ```
 * @see {@link empty}, {@link repeat}
 * @category source
 * @since 0.1.0
 */
export function single<T>(element: T): SourceGraph<T, NotUsed> {
  requireDefined('single', 'element', element)
  return sourceOf('single', () => new Single(element), { kind: 'single', element })
}

class Single<T> extends SourceStage<T> {
  constructor(private readonly element: T) {
    super()
  }
  onPull(): void {
    this.push(this.out, this.element)
    this.completeStage()
  }
}
