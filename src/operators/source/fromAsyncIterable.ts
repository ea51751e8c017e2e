import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from '../async/internal/reactionCallback.js'

/**
 * Emits the elements of an async iterable, calling `next()` only when downstream pulls (one call
 * in flight at a time). On cancel or downstream failure the iterator's `return()` is called.
 *
 * ```
 * out: --a---b--c|
 * ```
 * - **Emits when** downstream pulled and `next()` resolved with an element
 * - **Completes when** `next()` resolves `done`
 * - **Fails when** `next()` rejects or throws
 *
 * @example
 * ```ts
 * async function* numbers() { yield 1; yield 2 }
 * await Source.fromAsyncIterable(numbers()).runCollect() // [1, 2]
 * ```
 * @see {@link operators!source.from | from}, {@link operators!source.fromIterable | fromIterable}
 * @category source
 * @since 0.1.0
 */
export function fromAsyncIterable<T>(iterable: AsyncIterable<T>): SourceGraph<T, NotUsed> {
  requireDefined('fromAsyncIterable', 'iterable', iterable)
  if (typeof (iterable as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] !== 'function')
    throw new TypeError('fromAsyncIterable(iterable): expected an AsyncIterable (an object with [Symbol.asyncIterator])')
  return sourceOf('fromAsyncIterable', () => new AsyncIterableSource(iterable))
}

class AsyncIterableSource<T> extends SourceStage<T> {
  private iterator: AsyncIterator<T> | null = null
  private done = false
  private readonly result = (r: IteratorResult<T>): void => {
    if (r.done === true) {
      this.done = true
      this.completeStage()
    } else this.push(this.out, r.value)
  }
  private readonly error = (e: unknown): void => {
    this.done = true
    this.failStage(e)
  }
  private readonly results = new ResultCallbacks<IteratorResult<T>>(this, this.result, this.error)
  constructor(private readonly iterable: AsyncIterable<T>) {
    super()
  }
  override preStart(): void {
    this.iterator = this.iterable[Symbol.asyncIterator]()
  }
  onPull(): void {
    // Promise.resolve gives a native Promise (a thenable is adopted by one): its callbacks run only
    // from its reactions, unless Promise.prototype.then was replaced.
    const p: PromiseLike<IteratorResult<T>> = Promise.resolve(this.iterator!.next())
    this.results.listen(p)
  }
  override postStop(): void {
    if (!this.done && this.iterator?.return !== undefined) {
      this.done = true
      // return() may reject (a generator that throws in finally); that has nowhere to go but the hook
      Promise.resolve(this.iterator.return()).catch((e: unknown) => this.interpreter.onUnhandledError(e, this.name))
    }
  }
}
