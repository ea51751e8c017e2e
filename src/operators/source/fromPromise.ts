import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits the value of a Promise and completes, or fails with its rejection.
 *
 * ```
 * out: ----x|
 * ```
 * - **Emits when** the Promise resolved and downstream pulls
 * - **Completes when** the value was emitted
 * - **Fails when** the Promise rejects (or resolves to `null`/`undefined`)
 *
 * @example
 * ```ts
 * await Source.fromPromise(Promise.resolve(42)).runCollect() // [42]
 * ```
 * @see {@link from}, {@link unfoldAsync}
 * @category source
 * @since 0.1.0
 */
export function fromPromise<T>(promise: PromiseLike<T>): SourceGraph<T, NotUsed> {
  requireDefined('fromPromise', 'promise', promise)
  if (typeof promise.then !== 'function') throw new TypeError('fromPromise(promise): expected a Promise or thenable')
  return sourceOf('fromPromise', () => new PromiseSource(promise))
}

class PromiseSource<T> extends SourceStage<T> {
  private value: T | undefined = undefined
  private readonly onValue = this.getAsyncCallback<T>((v) => {
    if (v === undefined || v === null) return this.failStage(new TypeError('fromPromise: the Promise resolved to null or undefined'))
    if (this.isAvailable(this.out)) {
      this.push(this.out, v)
      this.completeStage()
    } else this.value = v
  })
  private readonly onError = this.getAsyncCallback<unknown>((e) => this.failStage(e))
  constructor(private readonly promise: PromiseLike<T>) {
    super()
  }
  override preStart(): void {
    this.promise.then(this.onValue, this.onError)
  }
  onPull(): void {
    if (this.value === undefined) return
    this.push(this.out, this.value)
    this.completeStage()
  }
}
