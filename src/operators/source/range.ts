import { requireInteger, requireNonNegativeInt } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits the `count` integers `start, start + 1, …`, then completes.
 *
 * ```
 * out: -1--2--3|     range(1, 3)
 * ```
 * - **Emits when** downstream pulls
 * - **Completes when** the last integer was emitted (at once, with no pull, when `count` is 0)
 *
 * @example
 * ```ts
 * await Source.range(5, 3).runCollect() // [5, 6, 7]
 * ```
 * @see {@link iterate}, {@link fromIterable}
 * @category source
 * @since 0.1.0
 */
export function range(start: number, count: number): SourceGraph<number, NotUsed> {
  requireInteger('range', 'start', start)
  requireNonNegativeInt('range', 'count', count)
  if (!Number.isSafeInteger(start + count)) throw new RangeError(`range(start, count): start + count must be a safe integer, got ${start + count}`)
  return sourceOf('range', () => new Range(start, start + count), { kind: 'range', start, end: start + count })
}

class Range extends SourceStage<number> {
  constructor(
    private next: number,
    private readonly end: number,
  ) {
    super()
  }
  override preStart(): void {
    if (this.next >= this.end) this.completeStage()
  }
  onPull(): void {
    const n = this.next++
    this.push(this.out, n)
    if (this.next === this.end) this.completeStage()
  }
}
