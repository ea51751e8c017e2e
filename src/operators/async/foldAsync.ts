import { requireDefined, requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from './internal/reactionCallback.js'
import { isThenable } from './internal/thenable.js'

/**
 * Folds the elements with an asynchronous `f`, one call at a time, and emits the final value
 * when upstream completes (`zero` for an empty stream). `f` may also return a plain value.
 *
 * ```
 * in:  -1--2--3|
 * f:    [-]
 *          [-]
 *             [-]
 * out: -----------6|   foldAsync(0, async (acc, x) => acc + x)
 * ```
 * - **Emits when** upstream completed and the last call has settled
 * - **Backpressures when** a call is in flight (the next element is pulled only after it settles)
 * - **Completes when** the result was emitted
 * - **Fails when** `f` throws, a returned Promise rejects (with its original error), a call resolves to `null`/`undefined`, or upstream fails
 * - **Cancels when** downstream cancels; a call that settles afterwards is ignored
 *
 * @example
 * ```ts
 * const total = Source.range(1, 4).foldAsync(0, async (acc, x) => acc + x)
 * await total.runCollect() // [10]
 * ```
 * @see {@link operators!simple.fold | fold}, {@link mapAsync}
 * @category async
 * @since 0.1.0
 */
export function foldAsync<T, Acc>(zero: Acc, f: (acc: Acc, x: T) => Acc | PromiseLike<Acc>): FlowGraph<T, Acc, NotUsed> {
  requireDefined('foldAsync', 'zero', zero)
  requireFunction('foldAsync', 'f', f)
  return flowOf('foldAsync', () => new FoldAsync<T, Acc>(zero, f))
}

class FoldAsync<T, Acc> extends LinearStage<T, Acc> {
  private inFlight = false
  private readonly ok = (acc: Acc): void => {
    this.inFlight = false
    this.accept(acc)
  }
  private readonly err = (error: unknown): void => this.failStage(error)
  private readonly results = new ResultCallbacks<Acc>(this, this.ok, this.err)

  constructor(
    private acc: Acc,
    private readonly f: (acc: Acc, x: T) => Acc | PromiseLike<Acc>,
  ) {
    super()
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const r = this.f(this.acc, this.grab(this.in))
    if (isThenable(r)) {
      this.inFlight = true
      this.results.listen(r)
    } else this.accept(r)
  }

  // Demand is answered only with the final value: nothing to do on pull before that.
  override onPull(): void {}

  override onUpstreamFinish(): void {
    if (!this.inFlight) this.pushThenComplete(this.out, this.acc)
  }

  private accept(acc: Acc): void {
    if (acc === undefined || acc === null) return this.failStage(new TypeError('foldAsync: f returned or resolved to null or undefined'))
    this.acc = acc
    if (this.isClosed(this.in)) this.pushThenComplete(this.out, acc)
    else this.pull(this.in)
  }
}
