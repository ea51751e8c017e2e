/**
 * The stage behind `groupedWithin` and `groupedWeightedWithin`.
 *
 * @module
 */
import { LinearStage } from '../../../core/StageLogic.js'

const TIMER = 'groupedWithin'

/**
 * Collects a group until it is full (by count or by weight) or the periodic timer fires with
 * something collected. The timer runs every `interval` and restarts when a group is closed for
 * being full, so a window is `interval` long from the last full group (Pekko's rule).
 *
 * @internal
 */
export class GroupedWeightedWithin<T> extends LinearStage<T, T[]> {
  private group: T[] = []
  private weight = 0
  /** An element that did not fit: it starts the next group. */
  private pending: T | undefined = undefined
  private pendingWeight = 0
  /** The group is closed (full, timed out with elements, or last) and waits for downstream. */
  private closed = false
  private finished = false

  constructor(
    private readonly maxWeight: number,
    private readonly maxNumber: number,
    private readonly cost: ((x: T) => number) | null,
    private readonly interval: number,
  ) {
    super()
  }

  override preStart(): void {
    this.scheduleAtFixedRate(TIMER, this.interval, this.interval)
    this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const w = this.weightOf(elem)
    if (this.weight + w <= this.maxWeight && this.group.length < this.maxNumber) {
      this.group.push(elem)
      this.weight += w
      if (this.weight < this.maxWeight && this.group.length < this.maxNumber) return this.pull(this.in)
      // Full: emit now (restarting the window), or as soon as downstream pulls.
      if (this.isAvailable(this.out)) {
        this.restartTimer()
        this.emit()
      } else this.closed = true
      return
    }
    if (this.group.length === 0) {
      // A single element heavier than the limit forms a group of its own.
      this.group.push(elem)
      this.weight = w
    } else {
      this.pending = elem
      this.pendingWeight = w
    }
    this.restartTimer()
    if (this.isAvailable(this.out)) this.emit()
    else this.closed = true
  }

  override onPull(): void {
    if (this.closed) this.emit()
  }

  override onUpstreamFinish(): void {
    this.finished = true
    if (this.group.length === 0) return this.completeStage()
    if (this.isAvailable(this.out)) this.emit()
    else this.closed = true
  }

  override onTimer(): void {
    if (this.group.length === 0) return
    if (this.isAvailable(this.out)) this.emit()
    else this.closed = true
  }

  private emit(): void {
    const group = this.group
    this.group = []
    this.weight = 0
    this.closed = false
    const pending = this.pending
    if (pending !== undefined) {
      this.pending = undefined
      this.group.push(pending)
      this.weight = this.pendingWeight
      // The element left over may fill a group by itself: it then goes out at the next pull.
      if (this.weight >= this.maxWeight || this.group.length >= this.maxNumber) this.closed = true
    }
    this.push(this.out, group)
    if (this.finished) {
      if (this.group.length === 0) this.completeStage()
      else this.closed = true // the element left over is the last group
    } else if (!this.closed && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }

  private restartTimer(): void {
    this.scheduleAtFixedRate(TIMER, this.interval, this.interval)
  }

  private weightOf(elem: T): number {
    if (this.cost === null) return 0
    const w = this.cost(elem)
    if (typeof w !== 'number' || !(w >= 0)) throw new RangeError(`${this.name}: weight must be a non-negative number, got ${String(w)}`)
    return w
  }
}
