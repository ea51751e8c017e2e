import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Emits `seed`, `next(seed)`, `next(next(seed))`, … forever.
 *
 * ```
 * out: -1--2--4--8--...    iterate(1, x => x * 2)
 * ```
 * - **Emits when** downstream pulls
 * - **Completes when** never (cancellation stops it)
 * - **Fails when** `next` throws
 *
 * @example
 * ```ts
 * await Source.iterate(1, (x) => x * 2).take(4).runCollect() // [1, 2, 4, 8]
 * ```
 * @see {@link unfold}, {@link repeat}
 * @category source
 * @since 0.1.0
 */
export function iterate<T>(seed: T, next: (x: T) => T): SourceGraph<T, NotUsed> {
  requireFunction('iterate', 'next', next)
  return sourceOf('iterate', () => new Iterate(seed, next), { kind: 'iterate', seed, f: next as (x: unknown) => unknown })
}

class Iterate<T> extends SourceStage<T> {
  private started = false
  constructor(
    private current: T,
    private readonly next: (x: T) => T,
  ) {
    super()
  }
  onPull(): void {
    if (this.started) this.current = this.next(this.current)
    this.started = true
    this.push(this.out, this.current)
  }
}
