import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits elements computed from a state: `f(state)` returns `[nextState, element]`, or `undefined` to complete.
 *
 * ```
 * out: -0--1--1--2--3|     unfold([0, 1], ([a, b]) => a > 2 ? undefined : [[b, a + b], a])
 * ```
 * - **Emits when** downstream pulls and `f` returns a pair
 * - **Completes when** `f` returns `undefined`
 * - **Fails when** `f` throws
 *
 * @example
 * ```ts
 * await Source.unfold(3, (n) => (n === 0 ? undefined : [n - 1, n])).runCollect() // [3, 2, 1]
 * ```
 * @see {@link unfoldAsync}, {@link iterate}
 * @category source
 * @since 0.1.0
 */
export function unfold<S, T>(seed: S, f: (state: S) => readonly [S, T] | undefined): SourceGraph<T, NotUsed> {
  requireFunction('unfold', 'f', f)
  return sourceOf('unfold', () => new Unfold(seed, f))
}

class Unfold<S, T> extends SourceStage<T> {
  constructor(
    private state: S,
    private readonly f: (state: S) => readonly [S, T] | undefined,
  ) {
    super()
  }
  onPull(): void {
    const r = this.f(this.state)
    if (r === undefined) return this.completeStage()
    this.state = r[0]
    this.push(this.out, r[1])
  }
}
