import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits the elements of the iterable `create` returns, and when they run out calls `create`
 * again and starts over, forever (Pekko's `Source.cycle`). An empty iterable fails the stream,
 * as it would otherwise spin without emitting.
 *
 * ```
 * in:  (create() gives a, b)
 * out: -a-b-a-b-a-...     cycle(() => ['a', 'b'])
 * ```
 * - **Emits when** downstream pulls
 * - **Backpressures when** downstream backpressures
 * - **Completes when** never
 * - **Fails when** `create` or an iterator throws, or `create` returns an empty iterable (`RangeError`)
 * - **Cancels when** downstream cancels (the current iterator's `return()` runs)
 *
 * @example
 * ```ts
 * await Source.cycle(() => ['red', 'green']).take(5).runCollect() // ['red', 'green', 'red', 'green', 'red']
 * ```
 * @see {@link repeat}, {@link fromIterator}
 * @category source
 * @since 0.2.0
 */
export function cycle<T>(create: () => Iterable<T>): SourceGraph<T, NotUsed> {
  requireFunction('cycle', 'create', create)
  return sourceOf('cycle', () => new Cycle(create))
}

class Cycle<T> extends SourceStage<T> {
  private iterator: Iterator<T> | null = null
  constructor(private readonly create: () => Iterable<T>) {
    super()
  }
  onPull(): void {
    let fresh = false
    if (this.iterator === null) {
      this.iterator = this.create()[Symbol.iterator]()
      fresh = true
    }
    let r = this.next()
    if (r.done === true) {
      if (fresh) throw new RangeError('cycle(create): create returned an empty iterable')
      this.iterator = this.create()[Symbol.iterator]()
      r = this.next()
      if (r.done === true) throw new RangeError('cycle(create): create returned an empty iterable')
    }
    this.push(this.out, r.value)
  }
  /** The next result; a finished (or throwing) iterator is dropped, so it owes no `return()`. */
  private next(): IteratorResult<T> {
    const it = this.iterator!
    this.iterator = null
    const r = it.next()
    if (r.done !== true) this.iterator = it
    return r
  }
  override postStop(): void {
    const it = this.iterator
    this.iterator = null
    it?.return?.()
  }
}
