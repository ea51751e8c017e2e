import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { Inlet, OutHandler, Outlet } from '../../core/ports.js'
import { StageLogic } from '../../core/StageLogic.js'
import { attachSources } from './internal/attachSources.js'
import { IndexedInHandler, type IndexedInputs } from './internal/IndexedInHandler.js'

/** Options of {@link mergeLatest}. @category fan-in @since 0.2.0 */
export interface MergeLatestOptions {
  /** Complete as soon as either input completes (default `false`: when both have). */
  readonly eagerComplete?: boolean
}

/**
 * Emits `[a, b]`, the latest element of this stream and of `other`, for every element either
 * one brings once both have brought one (Pekko's `mergeLatest`). Unlike {@link zipLatest}, no
 * update is skipped: an input that brought an element is pulled again only after the array it
 * caused has been emitted.
 *
 * ```
 * in:    -a-----b---|
 * other: ---1-2-----|
 * out:   ---A-B-C---|   mergeLatest(other)   A=[a,1] B=[a,2] C=[b,2]
 * ```
 * - **Emits when** an input brings an element, both have brought one, and downstream pulls
 * - **Backpressures when** an array is waiting for downstream (the input that caused it waits too)
 * - **Completes when** both inputs have completed and every array has been emitted (with `eagerComplete`, when either has)
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const prices = Source.from([10, 11])
 * await Source.single('EUR').mergeLatest(prices).runCollect() // [['EUR', 10], ['EUR', 11]]
 * ```
 * @see {@link zipLatest}, {@link merge}
 * @category fan-in
 * @since 0.2.0
 */
export function mergeLatest<T>(other: SourceGraph<T, unknown>, options: MergeLatestOptions = {}): FlowGraph<T, T[], NotUsed> {
  const module = Module.of(stageDesc('mergeLatest', 2, 1, () => new MergeLatest<T>(2, options.eagerComplete ?? false)))
  return { module: attachSources(module, [other], 0).mapMat(() => undefined) }
}

class MergeLatest<T> extends StageLogic implements OutHandler, IndexedInputs {
  private readonly ins: Inlet<T>[] = []
  private readonly out: Outlet<T[]>
  private readonly latest: (T | undefined)[]
  private missing: number
  /** Arrays waiting for downstream, with the inlet that caused each (pulled again once it is out); at most one per inlet. */
  private readonly queue: { readonly elems: T[]; readonly from: number }[] = []
  /** An input completed that makes further arrays impossible (it never emitted) or unwanted (`eagerComplete`). */
  private done = false
  constructor(
    inputs: number,
    private readonly eagerComplete: boolean,
  ) {
    super()
    for (let i = 0; i < inputs; i++) this.ins.push(this.inlet<T>(`in${i}`, new IndexedInHandler(this, i)))
    this.out = this.outlet<T[]>('out', this)
    this.latest = new Array<T | undefined>(inputs).fill(undefined)
    this.missing = inputs
  }
  override preStart(): void {
    for (const inlet of this.ins) this.pull(inlet)
  }
  onPushFrom(index: number): void {
    if (this.latest[index] === undefined) this.missing--
    this.latest[index] = this.grab(this.ins[index]!)
    // Before every input has an element there is nothing to emit: keep the latest and go on.
    if (this.missing > 0) return this.pull(this.ins[index]!)
    this.queue.push({ elems: this.latest.slice() as T[], from: index })
    this.drain()
  }
  onPull(): void {
    this.drain()
  }
  onFinishFrom(index: number): void {
    if (this.eagerComplete || this.latest[index] === undefined) this.done = true
    this.drain()
  }
  onFailureFrom(_index: number, error: unknown): void {
    this.failStage(error)
  }
  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause)
  }
  private drain(): void {
    while (this.queue.length > 0 && this.isAvailable(this.out)) {
      const next = this.queue.shift()!
      this.push(this.out, next.elems)
      if (!this.done) this.pull(this.ins[next.from]!) // a closed inlet is not pulled
    }
    if (this.queue.length === 0 && (this.done || this.ins.every((i) => this.isClosed(i)))) this.completeStage()
  }
}
