import { requireFunction } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, InHandler, Outlet, OutHandler } from '../../core/ports.js'
import { FanInShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'

/** The default order: `<` and `>` on the elements (numbers, strings). @internal */
export function naturalOrder<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Merges two sorted streams into one sorted stream: it waits until it has the next element of
 * both inputs and emits the smaller (this stream's on a tie). When one input completes, the rest
 * of the other passes through.
 *
 * ```
 * in:    -1---4-5---|
 * other: ---2-3---6-|
 * out:   ---1-2-3-4-5-6|
 * ```
 * - **Emits when** both inputs have an element available (or one has completed), and downstream pulled
 * - **Backpressures when** downstream backpressures
 * - **Completes when** both inputs have completed and every element was emitted
 * - **Fails when** either input fails, or `compare` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 4, 5]).mergeSorted(Source.from([2, 3, 6])).runCollect() // [1, 2, 3, 4, 5, 6]
 * ```
 * **Gotchas**: the output is sorted only if both inputs are.
 * @see {@link MergeSorted}, {@link merge}
 * @category fan-in
 * @since 0.1.0
 */
export function mergeSorted<T, M>(other: SourceGraph<T, M>, compare: (a: T, b: T) => number = naturalOrder): FlowGraph<T, T, M> {
  requireFunction('mergeSorted', 'compare', compare)
  return { module: attachSources(sortedModule(compare), [other], 0) }
}

/**
 * Graph-building form of {@link mergeSorted}: inlets `in0` and `in1`, one outlet.
 *
 * @example
 * ```ts
 * const m = MergeSorted.create<number>((a, b) => a - b)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const MergeSorted = {
  create<T>(compare: (a: T, b: T) => number = naturalOrder): ShapedGraph<FanInShape2<T, T, T>, NotUsed> {
    requireFunction('MergeSorted.create', 'compare', compare)
    return shaped(sortedModule(compare), FanInShape2.template<T, T, T>())
  },
}

function sortedModule<T>(compare: (a: T, b: T) => number): Module {
  return Module.of(stageDesc('mergeSorted', 2, 1, () => new MergeSortedLogic(compare)))
}

class MergeSortedLogic<T> extends StageLogic implements OutHandler {
  private readonly in0: Inlet<T>
  private readonly in1: Inlet<T>
  private readonly out: Outlet<T>
  /** The next element of each input, once received; `undefined` while waiting. */
  private head0: T | undefined = undefined
  private head1: T | undefined = undefined

  constructor(private readonly compare: (a: T, b: T) => number) {
    super()
    this.in0 = this.inlet<T>('in0', this.inputHandler(0))
    this.in1 = this.inlet<T>('in1', this.inputHandler(1))
    this.out = this.outlet<T>('out', this)
  }

  private inputHandler(side: 0 | 1): InHandler {
    return {
      onPush: () => {
        if (side === 0) this.head0 = this.grab(this.in0)
        else this.head1 = this.grab(this.in1)
        this.tryEmit()
      },
      onUpstreamFinish: () => this.tryEmit(),
      onUpstreamFailure: (e) => this.failStage(e),
    }
  }

  onPull(): void {
    if (this.head0 === undefined && !this.hasBeenPulled(this.in0)) this.pull(this.in0)
    if (this.head1 === undefined && !this.hasBeenPulled(this.in1)) this.pull(this.in1)
    this.tryEmit()
  }

  /** Emits when each input has either its next element or has finished. */
  private tryEmit(): void {
    const done0 = this.head0 === undefined && this.isClosed(this.in0)
    const done1 = this.head1 === undefined && this.isClosed(this.in1)
    if (done0 && done1) return this.completeStage()
    if (!this.isAvailable(this.out)) return
    if ((this.head0 === undefined && !done0) || (this.head1 === undefined && !done1)) return
    let elem: T
    if (this.head1 === undefined || (this.head0 !== undefined && this.compare(this.head0, this.head1) <= 0)) {
      elem = this.head0!
      this.head0 = undefined
    } else {
      elem = this.head1
      this.head1 = undefined
    }
    this.push(this.out, elem)
    if (this.isClosed(this.in0) && this.isClosed(this.in1) && this.head0 === undefined && this.head1 === undefined) this.completeStage()
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
}
