import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Emits `zero`, then the running accumulation of `f` over the elements.
 *
 * ```
 * in:  ---1--2--3--|
 * out: 0--1--3--6--|    scan(0, (acc, x) => acc + x)
 * ```
 * - **Emits when** downstream pulls: first `zero`, then `f`'s result for each element
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes (after `zero` if nothing arrived)
 * - **Fails when** upstream fails or `f` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.range(1, 3).scan(0, (acc, x) => acc + x).runCollect() // [0, 1, 3, 6]
 * ```
 * @see {@link fold}
 * @category simple
 * @since 0.1.0
 */
export function scan<In, Acc>(zero: Acc, f: (acc: Acc, x: In) => Acc): FlowGraph<In, Acc, NotUsed> {
  requireFunction('scan', 'f', f)
  return flowOf('scan', () => new Scan(zero, f), { kind: 'scan', zero, f: f as (a: unknown, x: unknown) => unknown })
}

class Scan<In, Acc> extends LinearStage<In, Acc> {
  private zeroPushed = false
  constructor(
    private acc: Acc,
    private readonly f: (acc: Acc, x: In) => Acc,
  ) {
    super()
  }
  override onPull(): void {
    if (this.zeroPushed) return this.pull(this.in)
    this.zeroPushed = true
    this.passPullsThrough()
    this.push(this.out, this.acc)
    if (this.isClosed(this.in)) this.completeStage()
  }
  onPush(): void {
    this.acc = this.f(this.acc, this.grab(this.in))
    this.push(this.out, this.acc)
  }
  override onUpstreamFinish(): void {
    if (this.zeroPushed) this.completeStage()
  }
}
