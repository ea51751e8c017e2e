import { requireFunction } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { FanInShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/**
 * Combines the latest element of this stream with the latest of `other`: once both have emitted,
 * emits `f(a, b)` each time either side brings a new element (when downstream asks). An input
 * whose latest element has not been emitted yet is not pulled again.
 *
 * ```
 * in:    -1-----2-----3|
 * other: ---a-b----c|
 * out:   ---1a-1b-2b-2c|     (each emission needs a pull from downstream)
 * ```
 * - **Emits when** both inputs have emitted at least once and one of them has a new element
 * - **Backpressures when** downstream backpressures
 * - **Completes when** either input completes (after emitting a combination it completed)
 * - **Fails when** either input fails, or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.repeat(1).zipLatestWith(Source.from([10, 20]), (a, b) => a + b).take(2).runCollect() // [11, 21]
 * ```
 * @see {@link ZipLatestWith}, {@link zipLatest}, {@link zipWith}
 * @category fan-in
 * @since 0.1.0
 */
export function zipLatestWith<A, B, O, M>(other: SourceGraph<B, M>, f: (a: A, b: B) => O): FlowGraph<A, O, M> {
  requireFunction('zipLatestWith', 'f', f)
  return { module: attachSources(zipLatestModule('zipLatestWith', f), [other], 0) }
}

/**
 * Graph-building form of {@link zipLatestWith}: inlets `in0: A`, `in1: B`, outlet `out: O`.
 *
 * @example
 * ```ts
 * const latest = ZipLatestWith.create((a: number, b: string) => `${a}${b}`)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const ZipLatestWith = {
  create<A, B, O>(f: (a: A, b: B) => O): ShapedGraph<FanInShape2<A, B, O>, NotUsed> {
    requireFunction('ZipLatestWith.create', 'f', f)
    return shaped(zipLatestModule('zipLatestWith', f), FanInShape2.template<A, B, O>())
  },
}

/** @internal */
export function zipLatestModule<A, B, O>(name: string, f: (a: A, b: B) => O): Module {
  return Module.of(stageDesc(name, 2, 1, () => new ZipLatestWithLogic(f)))
}

class ZipLatestWithLogic<A, B, O> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly in0: Inlet<A>
  private readonly in1: Inlet<B>
  private readonly out: Outlet<O>
  private a: A | undefined = undefined
  private b: B | undefined = undefined
  /** The latest element of the input has not been part of an emission yet. */
  private fresh0 = false
  private fresh1 = false
  private finishing = false

  constructor(private readonly f: (a: A, b: B) => O) {
    super()
    this.in0 = this.inlet<A>('in0', new IndexedInHandler(this, 0))
    this.in1 = this.inlet<B>('in1', new IndexedInHandler(this, 1))
    this.out = this.outlet<O>('out', this)
  }

  override preStart(): void {
    this.pull(this.in0)
    this.pull(this.in1)
  }

  onPushFrom(index: number): void {
    if (index === 0) {
      this.a = this.grab(this.in0)
      this.fresh0 = true
    } else {
      this.b = this.grab(this.in1)
      this.fresh1 = true
    }
    this.tryEmit()
  }

  onPull(): void {
    this.tryEmit()
  }

  private canEmit(): boolean {
    return this.a !== undefined && this.b !== undefined && (this.fresh0 || this.fresh1)
  }

  private tryEmit(): void {
    if (!this.isAvailable(this.out) || !this.canEmit()) return
    this.push(this.out, this.f(this.a!, this.b!))
    if (this.finishing) return this.completeStage()
    // only an input whose element was used is asked for the next one
    if (this.fresh0) {
      this.fresh0 = false
      this.pull(this.in0)
    }
    if (this.fresh1) {
      this.fresh1 = false
      this.pull(this.in1)
    }
  }

  onFinishFrom(): void {
    if (this.canEmit()) this.finishing = true
    else this.completeStage()
  }

  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
