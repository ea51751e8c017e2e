import { requirePositiveInt } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/**
 * Emits every element of this stream, then every element of `other`. `other` is started with the
 * stream but pulled only after this stream has completed.
 *
 * ```
 * in:    -1-2|
 * other: -a-b|          (not pulled until `in` completes)
 * out:   -1-2-a-b|
 * ```
 * - **Emits when** the current input emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** `other` completes after this stream has
 * - **Fails when** either input fails (even `other` before its turn)
 * - **Cancels when** downstream cancels (both inputs)
 *
 * @example
 * ```ts
 * await Source.from([1, 2]).concat(Source.from([3, 4])).runCollect() // [1, 2, 3, 4]
 * ```
 * @see {@link Concat}, {@link prepend}, {@link orElse}, {@link merge}
 * @category fan-in
 * @since 0.1.0
 */
export function concat<T, M>(other: SourceGraph<T, M>): FlowGraph<T, T, M> {
  return { module: attachSources(concatModule(2), [other], 0) }
}

/**
 * Graph-building form of {@link concat}: `inputs` inlets drained one after the other, in order.
 *
 * ```
 *  in(0) ─┐
 *  in(1) ─┼─> out     all of in(0), then all of in(1), ...
 *  in(2) ─┘
 * ```
 * @example
 * ```ts
 * await Source.combine([Source.single(1), Source.single(2)], (n) => Concat.create<number>(n)).runCollect() // [1, 2]
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const Concat = {
  create<T>(inputs: number): ShapedGraph<UniformFanInShape<T, T>, NotUsed> {
    requirePositiveInt('Concat.create', 'inputs', inputs)
    return shaped(concatModule(inputs), UniformFanInShape.template<T, T>(inputs))
  },
}

/** @internal */
export function concatModule(inputs: number): Module {
  // Fed only by synchronous fusible sources, a run may fuse it with them (ADR 0010).
  return Module.of({ ...stageDesc('concat', inputs, 1, () => new ConcatLogic(inputs)), fuseFanIn: { kind: 'concat' } })
}

class ConcatLogic<T> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly ins: Inlet<T>[] = []
  private readonly out: Outlet<T>
  private active = 0

  constructor(inputs: number) {
    super()
    for (let i = 0; i < inputs; i++) this.ins.push(this.inlet<T>(`in${i}`, new IndexedInHandler(this, i)))
    this.out = this.outlet<T>('out', this)
    this.passTo(0)
  }

  /**
   * A pull of `out` only ever pulls the current input: let the runtime pass it straight there
   * without running this stage (as it does for a LinearStage that does not override onPull).
   */
  private passTo(index: number): void {
    this.out.passTo = (this.ins[index] ?? null) as Inlet<unknown> | null
  }

  onPull(): void {
    // isAvailable(out) is already true while this pull is on its way, so onFinishFrom may have
    // passed it on to the next input before it got here
    const inlet = this.ins[this.active]!
    if (!this.hasBeenPulled(inlet)) this.pull(inlet)
  }

  onPushFrom(index: number): void {
    this.push(this.out, this.grab(this.ins[index]!))
  }

  onFinishFrom(index: number): void {
    if (index !== this.active) return // a later input finished early: skipped when its turn comes
    while (this.active < this.ins.length && this.isClosed(this.ins[this.active]!)) this.active++
    this.passTo(this.active)
    if (this.active === this.ins.length) this.completeStage()
    else if (this.isAvailable(this.out) && !this.hasBeenPulled(this.ins[this.active]!)) this.pull(this.ins[this.active]!)
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
