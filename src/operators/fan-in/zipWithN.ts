import { requireFunction, requirePositiveInt } from '../../core/args.js'
import type { NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { empty } from '../source/empty.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/**
 * Combines the elements at the same position of all `sources` with `f` (`Source.zipWithN`).
 * Completes with the shortest source; an empty list gives an empty source.
 *
 * ```
 * s0:  -1-2-3|
 * s1:  -a-b|
 * s2:  -x-y-z|
 * out: -f([1,a,x])-f([2,b,y])|
 * ```
 * - **Emits when** every source has an element available
 * - **Backpressures when** downstream backpressures
 * - **Completes when** any source completes and its last element has been combined
 * - **Fails when** any source fails, or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.zipWithN([Source.from([1, 2]), Source.from([10, 20]), Source.from([100, 200])], (xs) => xs[0]! + xs[1]! + xs[2]!).runCollect()
 * // [111, 222]
 * ```
 * @see {@link ZipWithN}, {@link zipN}, {@link zipWith}
 * @category fan-in
 * @since 0.1.0
 */
export function zipWithN<T, O>(sources: readonly SourceGraph<T, unknown>[], f: (elements: T[]) => O): SourceGraph<O, NotUsed> {
  if (!Array.isArray(sources)) throw new TypeError('zipWithN(sources): expected an array of sources')
  requireFunction('zipWithN', 'f', f)
  if (sources.length === 0) return empty<O>()
  return { module: attachSources(zipWithNModule('zipWithN', sources.length, f), sources, null).mapMat(() => undefined) }
}

/**
 * Graph-building form of {@link zipWithN}: `inputs` inlets of `T`, one outlet of `O`.
 *
 * @example
 * ```ts
 * const sum3 = ZipWithN.create<number, number>(3, (xs) => xs.reduce((a, b) => a + b, 0))
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const ZipWithN = {
  create<T, O>(inputs: number, f: (elements: T[]) => O): ShapedGraph<UniformFanInShape<T, O>, NotUsed> {
    requirePositiveInt('ZipWithN.create', 'inputs', inputs)
    requireFunction('ZipWithN.create', 'f', f)
    return shaped(zipWithNModule('zipWithN', inputs, f), UniformFanInShape.template<T, O>(inputs))
  },
}

/** @internal */
export function zipWithNModule<T, O>(name: string, inputs: number, f: (elements: T[]) => O): Module {
  return Module.of(stageDesc(name, inputs, 1, () => new ZipWithNLogic(inputs, f)))
}

class ZipWithNLogic<T, O> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly ins: Inlet<T>[] = []
  private readonly out: Outlet<O>
  private waiting = 0
  private finishing = false

  constructor(
    inputs: number,
    private readonly f: (elements: T[]) => O,
  ) {
    super()
    for (let i = 0; i < inputs; i++) this.ins.push(this.inlet<T>(`in${i}`, new IndexedInHandler(this, i)))
    this.out = this.outlet<O>('out', this)
  }

  onPull(): void {
    this.waiting = this.ins.length
    for (const inlet of this.ins) this.pull(inlet)
  }

  onPushFrom(): void {
    if (--this.waiting > 0) return
    const elements = this.ins.map((inlet) => this.grab(inlet))
    this.push(this.out, this.f(elements))
    if (this.finishing) this.completeStage()
  }

  onFinishFrom(index: number): void {
    if (this.isAvailable(this.ins[index]!)) this.finishing = true
    else this.completeStage()
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
