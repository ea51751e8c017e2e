import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * When upstream fails, emits one last element computed from the error by `f` and completes;
 * when `f` returns `undefined` the failure passes on unchanged.
 *
 * ```
 * in:  -1--2--#
 * out: -1--2--0|        recover(e => 0)
 * ```
 * - **Emits when** upstream emits, or upstream failed and `f` returned an element (as soon as downstream pulls)
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes, or after the recovered element
 * - **Fails when** upstream fails and `f` returns `undefined` (with the original error), or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const out = await Source.from([1, 2, 0])
 *   .map((x) => { if (x === 0) throw new RangeError('zero'); return 10 / x })
 *   .recover((e) => (e instanceof RangeError ? -1 : undefined))
 *   .runCollect()
 * out // [10, 5, -1]
 * ```
 * @see {@link recoverWith}, {@link mapError}, {@link onErrorComplete}
 * @category error
 * @since 0.1.0
 */
export function recover<T>(f: (error: unknown) => T | undefined): FlowGraph<T, T, NotUsed> {
  requireFunction('recover', 'f', f)
  return flowOf('recover', () => new Recover(f))
}

class Recover<T> extends LinearStage<T, T> {
  constructor(private readonly f: (error: unknown) => T | undefined) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFailure(error: unknown): void {
    const elem = this.f(error)
    if (elem === undefined || elem === null) this.failStage(error)
    else this.pushThenComplete(this.out, elem)
  }
}
