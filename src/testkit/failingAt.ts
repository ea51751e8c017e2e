/**
 * Failure injection: a source that fails after `k` elements, and a function that throws on its
 * `k`-th call.
 *
 * @module
 */
import { requireNonNegativeInt, requirePositiveInt } from '../core/args.js'
import { sourceOf } from '../core/Graph.js'
import { SourceStage } from '../core/StageLogic.js'
import { Source } from '../dsl/Source.js'

/**
 * The error {@link failingAt} injects unless it is given one; `index` says where it was raised.
 *
 * @category testkit
 * @since 0.1.0
 */
export class InjectedFailure extends Error {
  override readonly name = 'InjectedFailure'
  constructor(readonly index: number) {
    super(`injected failure at ${index}`)
  }
}

/**
 * What {@link failingAt} returns.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface FailingAt {
  /**
   * A source that emits the first `k` elements of `elements` (as demand allows) and then fails,
   * right after the `k`-th element without waiting for more demand (at once when `k` is 0). If
   * `elements` has fewer than `k`, it fails after the last one.
   */
  source<T>(elements: readonly T[]): Source<T>
  /** Wraps `f` so that its `k`-th call (counting from 1 over all calls) throws instead; other calls pass through. */
  fn<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R
  /** The error that is injected. */
  readonly error: unknown
}

/**
 * Failure injection at position `k`. `failingAt(k).source(xs)` fails after `k` elements;
 * `failingAt(k).fn(f)` throws on the `k`-th call (so `k` must be at least 1 for it).
 *
 * ```
 * failingAt(2).source(['a','b','c']):  -a-b#
 * ```
 * @example
 * ```ts
 * const run = await runScheduled(failingAt(2).source([1, 2, 3]), [{ request: 5 }])
 * run.elements // [1, 2]
 * run.outcome  // 'failed'
 * const mapped = Source.from([1, 2, 3]).map(failingAt(3).fn((x: number) => x * 2))
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function failingAt(k: number, error: unknown = new InjectedFailure(k)): FailingAt {
  requireNonNegativeInt('failingAt', 'k', k)
  return {
    error,
    source<T>(elements: readonly T[]): Source<T> {
      const items = elements.slice(0, k)
      return new Source<T>(sourceOf<T>('failingAt', () => new FailingSource<T>(items, error)).module)
    },
    fn<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
      requirePositiveInt('failingAt', 'k', k)
      let calls = 0
      return (...args: A): R => {
        if (++calls === k) throw error
        return f(...args)
      }
    },
  }
}

class FailingSource<T> extends SourceStage<T> {
  private next = 0
  constructor(
    private readonly items: readonly T[],
    private readonly error: unknown,
  ) {
    super()
  }
  override preStart(): void {
    if (this.items.length === 0) this.failStage(this.error)
  }
  onPull(): void {
    this.push(this.out, this.items[this.next++]!)
    if (this.next === this.items.length) this.failStage(this.error)
  }
}
