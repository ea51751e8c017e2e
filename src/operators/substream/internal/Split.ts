/**
 * The stage behind `splitWhen` and `splitAfter`: one substream open at a time, a new one started
 * at each element where the predicate holds (before it, or after it).
 *
 * @module
 */
import type { NotUsed, SourceGraph } from '../../../core/Graph.js'
import { LinearStage } from '../../../core/StageLogic.js'
import { SubstreamTimeoutError } from '../errors.js'
import { SubSourceOutlet } from './SubSourceOutlet.js'

/**
 * `pending` is the one element held back: for a substream not emitted yet (`pendingNew`), or for
 * the current one until it pulls. After the current substream is cancelled, elements are dropped
 * up to the next split point (`draining`), as Pekko's default substream cancel strategy does.
 *
 * @internal
 */
export class Split<T> extends LinearStage<T, SourceGraph<T, NotUsed>> {
  private current: SubSourceOutlet<T> | null = null
  private currentHasElems = false
  private pending: T | undefined = undefined
  private pendingNew = false
  private pendingEnds = false
  private draining = false

  constructor(
    private readonly op: 'splitWhen' | 'splitAfter',
    private readonly p: (x: T) => boolean,
    private readonly timeoutMs: number,
  ) {
    super()
  }

  override onPull(): void {
    if (this.pending !== undefined && this.pendingNew) this.openSubstream()
    else this.tryPull()
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const split = this.p(elem)
    if (this.op === 'splitWhen') {
      if (this.draining && !split) return this.tryPull()
      this.draining = false
      if (this.current !== null && split && this.currentHasElems) this.endCurrent()
      this.hold(elem, false)
    } else {
      if (this.draining) {
        if (split) this.draining = false // the last element of the cancelled substream
        return this.tryPull()
      }
      this.hold(elem, split)
    }
  }

  override onUpstreamFinish(): void {
    if (this.pending === undefined) this.completeStage()
  }

  override onDownstreamFinish(cause: unknown): void {
    // The open substream runs on to its end; no new one can be emitted.
    if (cause !== undefined || this.current === null) return this.cancelStage(cause)
    if (this.pendingNew) this.completeStage()
  }

  override completeStage(): void {
    this.current?.complete()
    this.current = null
    super.completeStage()
  }

  override cancelStage(cause: unknown): void {
    this.current?.complete()
    this.current = null
    super.cancelStage(cause)
  }

  override failStage(error: unknown): void {
    this.current?.fail(error)
    this.current = null
    super.failStage(error)
  }

  /** Routes `elem` to the current substream, or a new one when none is open. */
  private hold(elem: T, ends: boolean): void {
    this.pending = elem
    this.pendingEnds = ends
    if (this.current !== null) {
      this.pendingNew = false
      if (this.current.isAvailable()) this.deliver()
    } else {
      this.pendingNew = true
      if (this.isClosed(this.out)) return this.completeStage()
      this.openSubstream()
    }
  }

  private openSubstream(): void {
    if (!this.isAvailable(this.out)) return
    const outlet: SubSourceOutlet<T> = new SubSourceOutlet<T>(this, 'substream', {
      onPull: () => {
        if (outlet === this.current && this.pending !== undefined && !this.pendingNew) this.deliver()
        else this.tryPull()
      },
      onDownstreamFinish: (cause) => {
        if (outlet === this.current) this.substreamCancelled(cause)
      },
    })
    this.current = outlet
    this.currentHasElems = false
    this.pendingNew = false
    outlet.timeout(this.timeoutMs)
    this.push(this.out, outlet.source())
  }

  private deliver(): void {
    const current = this.current!
    const elem = this.pending!
    this.pending = undefined
    current.push(elem)
    this.currentHasElems = true
    if (this.pendingEnds) this.endCurrent()
    if (this.isClosed(this.in)) this.completeStage()
    else if (this.current === null && this.isClosed(this.out)) this.completeStage()
    else this.tryPull()
  }

  private endCurrent(): void {
    this.current!.complete()
    this.current = null
  }

  private substreamCancelled(cause: unknown): void {
    if (cause !== undefined && !(cause instanceof SubstreamTimeoutError)) return this.failStage(cause)
    this.current = null
    this.pending = undefined // it belonged to the cancelled substream
    this.draining = true
    if (this.isClosed(this.in) || this.isClosed(this.out)) return this.completeStage()
    this.tryPull()
  }

  private tryPull(): void {
    if (this.pending !== undefined || this.hasBeenPulled(this.in) || this.isClosed(this.in)) return
    const wanted = this.draining || (this.current !== null ? this.current.isAvailable() : this.isAvailable(this.out))
    if (wanted) this.pull(this.in)
  }
}
