import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from '../async/internal/reactionCallback.js'

/**
 * Like {@link unfold}, with `f` returning a Promise; one call in flight at a time, only on demand.
 *
 * ```
 * out: --1---2---3|
 * ```
 * - **Emits when** downstream pulled and `f`'s Promise resolved with a pair
 * - **Completes when** `f`'s Promise resolves `undefined`
 * - **Fails when** `f` throws or its Promise rejects
 *
 * @example
 * ```ts
 * const pages = Source.unfoldAsync(0, async (page) => (page === 3 ? undefined : [page + 1, `page ${page}`]))
 * await pages.runCollect() // ['page 0', 'page 1', 'page 2']
 * ```
 * @see {@link unfold}
 * @category source
 * @since 0.1.0
 */
export function unfoldAsync<S, T>(seed: S, f: (state: S) => PromiseLike<readonly [S, T] | undefined>): SourceGraph<T, NotUsed> {
  requireFunction('unfoldAsync', 'f', f)
  return sourceOf('unfoldAsync', () => new UnfoldAsync(seed, f))
}

class UnfoldAsync<S, T> extends SourceStage<T> {
  private readonly result = (r: readonly [S, T] | undefined): void => {
    if (r === undefined || r === null) return this.completeStage()
    this.state = r[0]
    this.push(this.out, r[1])
  }
  private readonly error = (e: unknown): void => this.failStage(e)
  private readonly results = new ResultCallbacks<readonly [S, T] | undefined>(this, this.result, this.error)
  constructor(
    private state: S,
    private readonly f: (state: S) => PromiseLike<readonly [S, T] | undefined>,
  ) {
    super()
  }
  onPull(): void {
    // Promise.resolve gives a native Promise (a thenable is adopted by one): its callbacks run only
    // from its reactions, unless Promise.prototype.then was replaced.
    const p: PromiseLike<readonly [S, T] | undefined> = Promise.resolve(this.f(this.state))
    this.results.listen(p)
  }
}
