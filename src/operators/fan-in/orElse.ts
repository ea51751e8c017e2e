import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/**
 * Emits this stream's elements; if it completes without emitting any, emits `secondary`'s
 * instead. `secondary` is cancelled as soon as this stream emits its first element.
 *
 * ```
 * in:        ---|
 * secondary: -a-b|
 * out:       ----a-b|
 *
 * in:        -1-2|
 * secondary: -a-b|
 * out:       -1-2|      (secondary cancelled at the 1st element)
 * ```
 * - **Emits when** this stream emits, or `secondary` emits after this stream completed empty
 * - **Backpressures when** downstream backpressures
 * - **Completes when** this stream completes after emitting, or `secondary` completes
 * - **Fails when** the input in use fails (`secondary` failing before its turn fails too)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.empty<number>().orElse(Source.single(0)).runCollect() // [0]
 * await Source.from([1, 2]).orElse(Source.single(0)).runCollect()   // [1, 2]
 * ```
 * @see {@link OrElse}, {@link concat}
 * @category fan-in
 * @since 0.1.0
 */
export function orElse<T, M>(secondary: SourceGraph<T, M>): FlowGraph<T, T, M> {
  return { module: attachSources(orElseModule(), [secondary], 0) }
}

/**
 * Graph-building form of {@link orElse}: `in(0)` is the primary input, `in(1)` the fallback.
 *
 * @example
 * ```ts
 * const fallback = OrElse.create<number>()
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const OrElse = {
  create<T>(): ShapedGraph<UniformFanInShape<T, T>, NotUsed> {
    return shaped(orElseModule(), UniformFanInShape.template<T, T>(2))
  },
}

function orElseModule(): Module {
  return Module.of(stageDesc('orElse', 2, 1, () => new OrElseLogic()))
}

class OrElseLogic<T> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly primary: Inlet<T>
  private readonly secondary: Inlet<T>
  private readonly out: Outlet<T>
  private current: Inlet<T>
  private seenPrimary = false

  constructor() {
    super()
    this.primary = this.inlet<T>('in0', new IndexedInHandler(this, 0))
    this.secondary = this.inlet<T>('in1', new IndexedInHandler(this, 1))
    this.out = this.outlet<T>('out', this)
    this.current = this.primary
    // a pull of `out` only pulls the current input: the runtime may pass it there directly
    this.out.passTo = this.primary as Inlet<unknown>
  }

  onPull(): void {
    // onFinishFrom may have passed this pull on already (isAvailable(out) holds while it is on its way)
    if (!this.hasBeenPulled(this.current)) this.pull(this.current)
  }

  onPushFrom(index: number): void {
    if (index === 0 && !this.seenPrimary) {
      this.seenPrimary = true
      this.cancel(this.secondary)
    }
    this.push(this.out, this.grab(index === 0 ? this.primary : this.secondary))
  }

  onFinishFrom(index: number): void {
    if (index === 1) {
      // secondary finished: before its turn, only the primary matters until it completes empty
      if (this.current === this.secondary || this.isClosed(this.primary)) this.completeStage()
      return
    }
    if (this.seenPrimary || this.isClosed(this.secondary)) return this.completeStage()
    this.current = this.secondary
    this.out.passTo = this.secondary as Inlet<unknown>
    if (this.isAvailable(this.out) && !this.hasBeenPulled(this.secondary)) this.pull(this.secondary)
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
