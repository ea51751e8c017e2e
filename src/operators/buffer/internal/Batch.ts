/**
 * The stage behind `batch`, `batchWeighted`, `conflate` and `conflateWithSeed`: folds elements
 * into an aggregate while downstream is busy, and hands the aggregate over when it pulls.
 *
 * @module
 */
import { LinearStage } from '../../../core/StageLogic.js'

/** @internal */
export class Batch<In, S> extends LinearStage<In, S> {
  private agg: S | undefined = undefined
  private left: number
  /** An element that did not fit the current aggregate; it seeds the next one. */
  private pending: In | undefined = undefined

  constructor(
    private readonly max: number,
    private readonly cost: ((x: In) => number) | null,
    private readonly seed: (x: In) => S,
    private readonly aggregate: (acc: S, x: In) => S,
  ) {
    super()
    this.left = max
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const cost = this.costOf(elem)
    // The first element always starts an aggregate, even when it alone exceeds `max`.
    if (this.agg === undefined) this.start(elem, cost)
    else if (this.left < cost) this.pending = elem
    else {
      this.agg = this.checked(this.aggregate(this.agg, elem))
      this.left -= cost
    }
    if (this.isAvailable(this.out)) this.flush()
    if (this.pending === undefined && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  override onPull(): void {
    if (this.agg === undefined) {
      if (this.isClosed(this.in)) this.completeStage()
      else if (!this.hasBeenPulled(this.in)) this.pull(this.in)
      return
    }
    this.flush()
    if (this.isClosed(this.in)) {
      if (this.agg === undefined) this.completeStage()
    } else if (!this.hasBeenPulled(this.in)) this.pull(this.in)
  }

  override onUpstreamFinish(): void {
    if (this.agg === undefined) this.completeStage()
  }

  /** Pushes the aggregate (downstream has pulled) and starts the next one from `pending`, if any. */
  private flush(): void {
    const agg = this.agg!
    this.agg = undefined
    this.left = this.max
    const pending = this.pending
    if (pending !== undefined) {
      this.pending = undefined
      this.start(pending, this.costOf(pending))
    }
    this.push(this.out, agg)
  }

  private start(elem: In, cost: number): void {
    this.agg = this.checked(this.seed(elem))
    this.left = this.max - cost
  }

  private costOf(elem: In): number {
    if (this.cost === null) return 1
    const c = this.cost(elem)
    if (typeof c !== 'number' || !(c >= 0)) throw new RangeError(`${this.name}: cost must be a non-negative number, got ${String(c)}`)
    return c
  }

  private checked(agg: S): S {
    if (agg === undefined || agg === null) throw new TypeError(`${this.name}: seed/aggregate returned ${String(agg)}`)
    return agg
  }
}
