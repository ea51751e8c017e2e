import { requireFunction } from '../../core/args.js'
import type { NotUsed } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import type { InHandler, Inlet, Outlet } from '../../core/ports.js'
import { FanOutShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { StageLogic } from '../../core/StageLogic.js'
import { IndexedOutHandler, type IndexedOutputs } from './internal/IndexedOutHandler.js'

/**
 * Splits each element with `f` into a pair and sends the first half to `out0`, the second to
 * `out1`. Upstream is pulled when both outputs have pulled.
 *
 * ```
 *               ┌─> out0   -1-2|
 * in: -a1-b2|──┤                      f: (s) => [s.length, s]
 *               └─> out1   -a-b|
 * ```
 * - **Emits when** both outputs have pulled and upstream emits
 * - **Backpressures when** either output backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or `f` throws
 * - **Cancels when** either output cancels
 *
 * @example
 * ```ts
 * const split = UnzipWith.create((s: string) => [s.length, s.toUpperCase()] as [number, string])
 * ```
 * @see {@link Unzip}, {@link Broadcast}
 * @category fan-out
 * @since 0.1.0
 */
export const UnzipWith = {
  create<I, A, B>(f: (element: I) => readonly [A, B]): ShapedGraph<FanOutShape2<I, A, B>, NotUsed> {
    requireFunction('UnzipWith.create', 'f', f)
    return shaped(unzipWithModule('unzipWith', f), FanOutShape2.template<I, A, B>())
  },
}

/** @internal */
export function unzipWithModule<I, A, B>(name: string, f: (element: I) => readonly [A, B]): Module {
  return Module.of(stageDesc(name, 1, 2, () => new UnzipWithLogic(f)))
}

class UnzipWithLogic<I, A, B> extends StageLogic implements InHandler, IndexedOutputs {
  private readonly in: Inlet<I>
  private readonly out0: Outlet<A>
  private readonly out1: Outlet<B>
  private waitingFor = 2

  constructor(private readonly f: (element: I) => readonly [A, B]) {
    super()
    this.in = this.inlet<I>('in', this)
    this.out0 = this.outlet<A>('out0', new IndexedOutHandler(this, 0))
    this.out1 = this.outlet<B>('out1', new IndexedOutHandler(this, 1))
  }

  onPullFrom(): void {
    if (--this.waitingFor === 0) this.pull(this.in)
  }

  onPush(): void {
    const [a, b] = this.f(this.grab(this.in))
    this.waitingFor = 2
    // an output whose cancel is on its way no longer counts as pulled: skip it
    if (this.isAvailable(this.out0)) this.push(this.out0, a)
    if (this.isAvailable(this.out1)) this.push(this.out1, b)
  }

  onUpstreamFinish(): void {
    this.completeStage()
  }

  onUpstreamFailure(error: unknown): void {
    this.failStage(error)
  }

  onCancelFrom(_index: number, cause: unknown): void {
    this.cancelStage(cause)
  }
}
