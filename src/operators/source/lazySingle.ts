import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits `create()` when downstream first pulls, then completes (Pekko's `Source.lazySingle`):
 * the value is computed per run, and not at all if nobody asks.
 *
 * ```
 * up:  ---^
 * out: ---(v|)      lazySingle(create)   create() runs at the first pull
 * ```
 * - **Emits when** downstream pulls, once
 * - **Backpressures when** never (it has nothing before the pull)
 * - **Completes when** the element has been emitted
 * - **Fails when** `create` throws, or returns `null` or `undefined` (`TypeError`)
 * - **Cancels when** downstream cancels (`create` is not called if it has not been)
 *
 * @example
 * ```ts
 * let calls = 0
 * const now = Source.lazySingle(() => ++calls)
 * await now.runCollect() // [1]
 * await now.runCollect() // [2]
 * ```
 * @see {@link single}, {@link lazyFuture}
 * @category source
 * @since 0.2.0
 */
export function lazySingle<T>(create: () => T): SourceGraph<T, NotUsed> {
  requireFunction('lazySingle', 'create', create)
  return sourceOf('lazySingle', () => new LazySingle(create))
}

class LazySingle<T> extends SourceStage<T> {
  constructor(private readonly create: () => T) {
    super()
  }
  onPull(): void {
    const value = this.create()
    if (value === undefined || value === null) throw new TypeError('lazySingle: create returned null or undefined')
    this.push(this.out, value)
    this.completeStage()
  }
}
