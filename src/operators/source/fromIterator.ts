import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits the elements of the iterator `create` returns, one per pull; `create` runs once per
 * materialization, so each run gets a fresh iterator (Pekko's `Source.fromIterator`). On cancel
 * or failure downstream the iterator's `return()` is called, so a generator's `finally` runs.
 *
 * ```
 * in:  (create() yields a, b, c)
 * out: -a-b-c|       fromIterator(create)
 * ```
 * - **Emits when** downstream pulls and the iterator has a next element
 * - **Backpressures when** downstream backpressures (`next()` is called only on demand)
 * - **Completes when** the iterator is done
 * - **Fails when** `create` or `next()` throws
 * - **Cancels when** downstream cancels (the iterator's `return()` runs)
 *
 * @example
 * ```ts
 * function* countdown(n: number) { while (n > 0) yield n-- }
 * const source = Source.fromIterator(() => countdown(3))
 * await source.runCollect() // [3, 2, 1]
 * await source.runCollect() // [3, 2, 1]
 * ```
 * @see {@link fromIterable}, {@link cycle}
 * @category source
 * @since 0.2.0
 */
export function fromIterator<T>(create: () => Iterator<T>): SourceGraph<T, NotUsed> {
  requireFunction('fromIterator', 'create', create)
  return sourceOf('fromIterator', () => new FromIterator(create))
}

class FromIterator<T> extends SourceStage<T> {
  private iterator: Iterator<T> | null = null
  /** The iterator is finished (done, or threw): no `return()` is owed. */
  private done = false
  constructor(private readonly create: () => Iterator<T>) {
    super()
  }
  override preStart(): void {
    const it = this.create()
    if (it === null || typeof it !== 'object' || typeof it.next !== 'function')
      throw new TypeError(`fromIterator(create): expected create to return an iterator, got ${it === null ? 'null' : typeof it}`)
    this.iterator = it
  }
  onPull(): void {
    // Marked done first: if next() throws, the iterator is finished and owes no return().
    this.done = true
    const r = this.iterator!.next()
    if (r.done === true) return this.completeStage()
    this.done = false
    this.push(this.out, r.value)
  }
  override postStop(): void {
    if (!this.done) this.iterator?.return?.()
  }
}
