import { requireFunction } from '../../core/args.js'
import { EmptyStreamError } from '../../core/errors.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Like {@link fold} with the first element as the start value; fails on an empty stream.
 *
 * ```
 * in:  -1--2--3--|
 * out: ----------6|     reduce((a, b) => a + b)
 * ```
 * - **Emits when** upstream completes
 * - **Backpressures when** downstream backpressures (after completion)
 * - **Completes when** the result was emitted
 * - **Fails when** upstream fails, `f` throws, upstream completes empty (`EmptyStreamError`), or the result is `undefined` or `null` (a `TypeError`: a stream cannot carry it; to `f` it is a value like any other)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 3).reduce((a, b) => a + b).runCollect() // [6]
 * ```
 * @see {@link fold}
 * @category simple
 * @since 0.1.0
 */
export function reduce<T>(f: (acc: T, x: T) => T): FlowGraph<T, T, NotUsed> {
  requireFunction('reduce', 'f', f)
  return flowOf('reduce', () => new Reduce(f))
}

class Reduce<T> extends LinearStage<T, T> {
  private acc: T | undefined = undefined
  /** An element has arrived: `acc` holds a value, even when `f` returned `undefined`. */
  private hasAcc = false
  constructor(private readonly f: (acc: T, x: T) => T) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    this.acc = this.hasAcc ? this.f(this.acc as T, elem) : elem
    this.hasAcc = true
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (!this.hasAcc) return this.failStage(new EmptyStreamError('reduce'))
    // f may return undefined (it is a value to f), but a stream cannot carry it (Reactive Streams §2.13)
    if (this.acc === undefined || this.acc === null) return this.failStage(new TypeError(`reduce: the result is ${String(this.acc)}, which a stream cannot emit`))
    this.pushThenComplete(this.out, this.acc)
  }
}
