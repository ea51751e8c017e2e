import { requireCount } from '../../core/args.js'
import { StreamLimitReachedError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Passes elements on unchanged but fails with `StreamLimitReachedError` when more than `max` arrive:
 * a guard that a stream stays as small as you expect (before `runCollect`, say).
 *
 * ```
 * in:  -1--2--3--|
 * out: -1--2--#      limit(2)
 * ```
 * - **Emits when** upstream emits and at most `max` elements have arrived
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or element `max + 1` arrives
 * - **Cancels when** downstream cancels, or on failure
 *
 * @example
 * ```ts
 * await Source.range(1, 3).limit(10).runCollect() // [1, 2, 3]
 * ```
 * @see {@link take}
 * @category simple
 * @since 0.1.0
 */
export function limit<T>(max: number): FlowGraph<T, T, NotUsed> {
  requireCount('limit', 'max', max)
  return flowOf('limit', () => new Limit<T>(max), { kind: 'limit', n: max })
}

class Limit<T> extends LinearStage<T, T> {
  private seen = 0
  constructor(private readonly max: number) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (++this.seen > this.max) return this.failStage(new StreamLimitReachedError(this.max))
    this.push(this.out, elem)
  }
}
