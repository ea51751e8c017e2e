import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits the same element forever.
 *
 * ```
 * out: -x--x--x--...
 * ```
 * - **Emits when** downstream pulls
 * - **Completes when** never (cancellation stops it)
 *
 * @example
 * ```ts
 * await Source.repeat('a').take(3).runCollect() // ['a', 'a', 'a']
 * ```
 * @see {@link single}, {@link iterate}
 * @category source
 * @since 0.1.0
 */
export function repeat<T>(element: T): SourceGraph<T, NotUsed> {
  requireDefined('repeat', 'element', element)
  return sourceOf('repeat', () => new Repeat(element), { kind: 'repeat', element })
}

class Repeat<T> extends SourceStage<T> {
  constructor(private readonly element: T) {
    super()
  }
  onPull(): void {
    this.push(this.out, this.element)
  }
}
