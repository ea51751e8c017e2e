import { requireDefined, requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { ResultCallbacks } from './internal/reactionCallback.js'
import { isThenable } from './internal/thenable.js'

/**
 * Emits `zero`, then the running accumulation of an asynchronous `f` over the elements, one call
 * at a time (Pekko's `scanAsync`): each element waits for the previous result. `f` may return a
 * plain value: it is used at once.
 *
 * ```
 * in:  ---1-----2----|
 * f:       [-]   [-]
 * out: 0-----1-----3-|   scanAsync(0, async (acc, x) => acc + x)
 * ```
 * - **Emits when** downstream pulls for `zero`, then when the Promise for the latest element resolves
 * - **Backpressures when** a call is in flight, or downstream backpressures
 * - **Completes when** upstream completes and the last result has been emitted
 * - **Fails when** upstream fails, `f` throws, a returned Promise rejects, or `f` gives `null` or `undefined` (a `TypeError`)
 * - **Cancels when** downstream cancels; a result that settles afterwards is ignored
 *
 * @example
 * ```ts
 * const add = async (acc: number, x: number) => acc + x
 * await Source.range(1, 3).scanAsync(0, add).runCollect() // [0, 1, 3, 6]
 * ```
 * @see {@link operators!simple.scan | scan}, {@link foldAsync}
 * @category async
 * @since 0.2.0
 */
export function scanAsync<In, Acc>(zero: Acc, f: (acc: Acc, x: In) => Acc | PromiseLike<Acc>): FlowGraph<In, Acc, NotUsed> {
  requireDefined('scanAsync', 'zero', zero)
  requireFunction('scanAsync', 'f', f)
  return flowOf('scanAsync', () => new ScanAsync(zero, f))
}

class ScanAsync<In, Acc> extends LinearStage<In, Acc> {
  private zeroPushed = false
  private inFlight = false
  private readonly result = (acc: Acc): void => this.emit(acc)
  private readonly error = (error: unknown): void => this.failStage(error)
  private readonly results = new ResultCallbacks<Acc>(this, this.result, this.error)
  constructor(
    private acc: Acc,
    private readonly f: (acc: Acc, x: In) => Acc | PromiseLike<Acc>,
  ) {
    super()
  }
  override onPull(): void {
    if (this.zeroPushed) return this.pull(this.in)
    this.zeroPushed = true
    this.push(this.out, this.acc)
    if (this.isClosed(this.in)) this.completeStage()
  }
  onPush(): void {
    // Downstream has pulled (that is why we pulled upstream), so the result can go at once.
    const r = this.f(this.acc, this.grab(this.in))
    if (isThenable(r)) {
      this.inFlight = true
      this.results.listen(r)
    } else this.emit(r)
  }
  override onUpstreamFinish(): void {
    if (this.zeroPushed && !this.inFlight) this.completeStage()
  }
  private emit(acc: Acc): void {
    this.inFlight = false
    if (acc === undefined || acc === null) return this.failStage(new TypeError('scanAsync: f returned or resolved to null or undefined'))
    this.acc = acc
    if (this.isClosed(this.in)) {
      this.push(this.out, acc)
      return this.completeStage()
    }
    // After zero, onPull only pulls `in`: a pull that downstream makes during this push may go
    // straight upstream.
    this.pushPassingPulls(this.out, acc, this.in)
  }
}
