import { requireFunction } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { FanInShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/**
 * Pairs each element of this stream with the element of `other` at the same position and emits
 * `f(a, b)`. Completes with the shorter input.
 *
 * ```
 * in:    -1---2---3|
 * other: ---a---b|
 * out:   ---1a--2b|       zipWith(other, (x, y) => x + y)
 * ```
 * - **Emits when** both inputs have an element available
 * - **Backpressures when** downstream backpressures (each input is pulled once per pull of `out`)
 * - **Completes when** either input completes and its last element has been paired
 * - **Fails when** either input fails, or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 3]).zipWith(Source.from([10, 20]), (a, b) => a + b).runCollect() // [11, 22]
 * ```
 * @see {@link ZipWith}, {@link zip}, {@link zipLatestWith}, {@link zipAll}
 * @category fan-in
 * @since 0.1.0
 */
export function zipWith<A, B, O, M>(other: SourceGraph<B, M>, f: (a: A, b: B) => O): FlowGraph<A, O, M> {
  requireFunction('zipWith', 'f', f)
  return { module: attachSources(zipWithModule('zipWith', f), [other], 0) }
}

/**
 * Graph-building form of {@link zipWith}: inlets `in0: A` and `in1: B`, outlet `out: O`.
 *
 * ```
 *  in0 ─┐
 *  in1 ─┴─> out     f(a, b)
 * ```
 * @example
 * ```ts
 * const add = ZipWith.create((a: number, b: number) => a + b)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const ZipWith = {
  create<A, B, O>(f: (a: A, b: B) => O): ShapedGraph<FanInShape2<A, B, O>, NotUsed> {
    requireFunction('ZipWith.create', 'f', f)
    return shaped(zipWithModule('zipWith', f), FanInShape2.template<A, B, O>())
  },
}

/** @internal */
export function zipWithModule<A, B, O>(name: string, f: (a: A, b: B) => O): Module {
  return Module.of(stageDesc(name, 2, 1, () => new ZipWithLogic(f)))
}

class ZipWithLogic<A, B, O> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly in0: Inlet<A>
  private readonly in1: Inlet<B>
  private readonly out: Outlet<O>
  /** An input finished while holding an element: complete after that element is zipped. */
  private finishing = false

  constructor(private readonly f: (a: A, b: B) => O) {
    super()
    this.in0 = this.inlet<A>('in0', new IndexedInHandler(this, 0))
    this.in1 = this.inlet<B>('in1', new IndexedInHandler(this, 1))
    this.out = this.outlet<O>('out', this)
  }

  onPull(): void {
    this.pull(this.in0)
    this.pull(this.in1)
  }

  onPushFrom(): void {
    if (!this.isAvailable(this.in0) || !this.isAvailable(this.in1)) return
    this.push(this.out, this.f(this.grab(this.in0), this.grab(this.in1)))
    if (this.finishing) this.completeStage()
  }

  onFinishFrom(index: number): void {
    if (this.isAvailable(index === 0 ? this.in0 : this.in1)) this.finishing = true
    else this.completeStage()
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
