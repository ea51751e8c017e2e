import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Calls `create` when downstream first pulls and emits the value its Promise resolves to, then
 * completes (Pekko's `Source.lazyFuture`): the work starts per run, and only when asked for.
 *
 * ```
 * up:  --^
 * f:     [---]
 * out: ------(v|)    lazyFuture(create)
 * ```
 * - **Emits when** the Promise resolves (downstream has already pulled)
 * - **Backpressures when** never
 * - **Completes when** the element has been emitted
 * - **Fails when** `create` throws, the Promise rejects, or it resolves to `null` or `undefined` (`TypeError`)
 * - **Cancels when** downstream cancels (a value that arrives afterwards is dropped)
 *
 * @example
 * ```ts
 * const fetchConfig = async () => ({ retries: 3 })
 * await Source.lazyFuture(fetchConfig).runCollect() // [{ retries: 3 }]
 * ```
 * @see {@link fromPromise}, {@link lazySingle}, {@link futureSource}
 * @category source
 * @since 0.2.0
 */
export function lazyFuture<T>(create: () => PromiseLike<T>): SourceGraph<T, NotUsed> {
  requireFunction('lazyFuture', 'create', create)
  return sourceOf('lazyFuture', () => new LazyFuture(create))
}

class LazyFuture<T> extends SourceStage<T> {
  private started = false
  private readonly onValue = this.getAsyncCallback<T>((v) => {
    if (v === undefined || v === null) return this.failStage(new TypeError('lazyFuture: the Promise resolved to null or undefined'))
    this.push(this.out, v)
    this.completeStage()
  })
  private readonly onError = this.getAsyncCallback<unknown>((e) => this.failStage(e))
  constructor(private readonly create: () => PromiseLike<T>) {
    super()
  }
  onPull(): void {
    if (this.started) return
    this.started = true
    const p = this.create()
    if (p === null || typeof p !== 'object' || typeof p.then !== 'function') throw new TypeError('lazyFuture: create did not return a Promise')
    p.then(this.onValue, this.onError)
  }
}
