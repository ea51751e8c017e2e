import { requireDefined } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { FanInShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/**
 * Pairs elements at the same position like {@link zip}, but goes on until both inputs have
 * completed, filling in `thisElem` or `thatElem` for the side that ended first.
 *
 * ```
 * in:    -1-2-3|
 * other: -a|
 * out:   -[1,a]-[2,z]-[3,z]|     zipAll(other, 0, 'z')
 * ```
 * - **Emits when** both inputs have an element available, or one has completed and the other has one
 * - **Backpressures when** downstream backpressures
 * - **Completes when** both inputs have completed
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 3]).zipAll(Source.from(['a']), 0, 'z').runCollect() // [[1, 'a'], [2, 'z'], [3, 'z']]
 * ```
 * @see {@link ZipAll}, {@link zip}
 * @category fan-in
 * @since 0.1.0
 */
export function zipAll<A, B, M>(other: SourceGraph<B, M>, thisElem: A, thatElem: B): FlowGraph<A, [A, B], M> {
  requireDefined('zipAll', 'thisElem', thisElem)
  requireDefined('zipAll', 'thatElem', thatElem)
  return { module: attachSources(zipAllModule(thisElem, thatElem), [other], 0) }
}

/**
 * Graph-building form of {@link zipAll}: inlets `in0: A`, `in1: B`, outlet `out: [A, B]`.
 *
 * @example
 * ```ts
 * const z = ZipAll.create(0, '')
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const ZipAll = {
  create<A, B>(thisElem: A, thatElem: B): ShapedGraph<FanInShape2<A, B, [A, B]>, NotUsed> {
    requireDefined('ZipAll.create', 'thisElem', thisElem)
    requireDefined('ZipAll.create', 'thatElem', thatElem)
    return shaped(zipAllModule(thisElem, thatElem), FanInShape2.template<A, B, [A, B]>())
  },
}

function zipAllModule<A, B>(thisElem: A, thatElem: B): Module {
  return Module.of(stageDesc('zipAll', 2, 1, () => new ZipAllLogic(thisElem, thatElem)))
}

class ZipAllLogic<A, B> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly in0: Inlet<A>
  private readonly in1: Inlet<B>
  private readonly out: Outlet<[A, B]>

  constructor(
    private readonly pad0: A,
    private readonly pad1: B,
  ) {
    super()
    this.in0 = this.inlet<A>('in0', new IndexedInHandler(this, 0))
    this.in1 = this.inlet<B>('in1', new IndexedInHandler(this, 1))
    this.out = this.outlet<[A, B]>('out', this)
  }

  onPull(): void {
    this.pull(this.in0)
    this.pull(this.in1)
    this.tryEmit()
  }

  onPushFrom(): void {
    this.tryEmit()
  }

  onFinishFrom(): void {
    this.tryEmit()
  }

  private tryEmit(): void {
    const has0 = this.isAvailable(this.in0)
    const has1 = this.isAvailable(this.in1)
    const done0 = !has0 && this.isClosed(this.in0)
    const done1 = !has1 && this.isClosed(this.in1)
    if (done0 && done1) return this.completeStage()
    if (!this.isAvailable(this.out) || !(has0 || done0) || !(has1 || done1)) return
    this.push(this.out, [has0 ? this.grab(this.in0) : this.pad0, has1 ? this.grab(this.in1) : this.pad1])
    if (this.isClosed(this.in0) && this.isClosed(this.in1)) this.completeStage()
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
