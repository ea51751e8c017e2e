import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits the elements of an iterable, one per pull. Each run iterates afresh; arrays are read
 * by index and complete right after their last element. On cancel or failure the iterator's
 * `return()` runs (so a generator's `finally` runs).
 *
 * ```
 * out: -a--b--c|     fromIterable(['a', 'b', 'c'])
 * ```
 * - **Emits when** downstream pulls and the iterator has a next element
 * - **Completes when** the iterator is done
 * - **Fails when** the iterator throws
 *
 * @example
 * ```ts
 * function* letters() { yield 'a'; yield 'b' }
 * await Source.fromIterable(letters()).runCollect() // ['a', 'b']
 * ```
 * @see {@link from}, {@link fromAsyncIterable}
 * @category source
 * @since 0.1.0
 */
export function fromIterable<T>(iterable: Iterable<T>): SourceGraph<T, NotUsed> {
  requireDefined('fromIterable', 'iterable', iterable)
  if (typeof (iterable as Partial<Iterable<T>>)[Symbol.iterator] !== 'function')
    throw new TypeError('fromIterable(iterable): expected an Iterable (an object with [Symbol.iterator])')
  if (Array.isArray(iterable)) return sourceOf('fromIterable', () => new ArraySource(iterable as readonly T[]), { kind: 'array', array: iterable })
  return sourceOf('fromIterable', () => new IterableSource(iterable), { kind: 'iterable', iterable })
}

class ArraySource<T> extends SourceStage<T> {
  private index = 0
  constructor(private readonly array: readonly T[]) {
    super()
  }
  override preStart(): void {
    if (this.array.length === 0) this.completeStage()
  }
  onPull(): void {
    const a = this.array
    this.push(this.out, a[this.index++]!)
    if (this.index >= a.length) this.completeStage()
  }
}

class IterableSource<T> extends SourceStage<T> {
  private iterator: Iterator<T> | null = null
  private done = false
  constructor(private readonly iterable: Iterable<T>) {
    super()
  }
  override preStart(): void {
    this.iterator = this.iterable[Symbol.iterator]()
  }
  onPull(): void {
    let r: IteratorResult<T>
    try {
      r = this.iterator!.next()
    } catch (e) {
      this.done = true // a throwing iterator is finished: no return()
      throw e
    }
    if (r.done === true) {
      this.done = true
      this.completeStage()
    } else this.push(this.out, r.value)
  }
  override postStop(): void {
    if (!this.done) this.iterator?.return?.()
  }
}
