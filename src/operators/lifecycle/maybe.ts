import { sourceOf, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * The handle `Source.maybe()` materializes. Only the first call counts; calls after the stream
 * was cancelled are ignored.
 *
 * @category lifecycle
 * @since 0.1.0
 */
export interface MaybeHandle<T> {
  /** Emits `value` (once downstream pulls) and completes; without a value, completes empty. */
  complete(value?: T): void
  /** Fails the source with `error`. */
  fail(error: unknown): void
}

/**
 * A source of at most one element, decided from the outside through the {@link MaybeHandle} it
 * materializes: `complete(value)`, `complete()` (empty) or `fail(error)`.
 *
 * ```
 * out:  --------v|        (complete(v) called at that point)
 * ```
 * - **Emits when** the handle was completed with a value and downstream pulls
 * - **Completes when** after that element, or at once for `complete()` without a value
 * - **Fails when** the handle's `fail` is called
 *
 * @example
 * ```ts
 * const [handle, result] = Source.maybe<number>().toMat(Sink.collect(), Keep.both).run()
 * handle.complete(42)
 * await result // [42]
 * ```
 * @see {@link operators!source.single | single}, {@link operators!source.empty | empty}
 * @category lifecycle
 * @since 0.1.0
 */
export function maybe<T>(): SourceGraph<T, MaybeHandle<T>> {
  return sourceOf<T, MaybeHandle<T>>('maybe', () => new Maybe<T>())
}

type Outcome<T> = { readonly value: T | undefined } | { readonly error: unknown }

class Maybe<T> extends SourceStage<T> {
  private readonly settle = this.getAsyncCallback<Outcome<T>>((outcome) => {
    if ('error' in outcome) return this.failStage(outcome.error)
    const value = outcome.value
    if (value === undefined || value === null) this.completeStage()
    else this.pushThenComplete(this.out, value)
  })
  constructor() {
    super()
    let used = false
    const handle: MaybeHandle<T> = {
      complete: (value?: T) => {
        if (used) return
        used = true
        this.settle({ value })
      },
      fail: (error: unknown) => {
        if (used) return
        used = true
        this.settle({ error })
      },
    }
    this.mat = handle
  }
  onPull(): void {}
}
