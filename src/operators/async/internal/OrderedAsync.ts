/**
 * The stage behind `mapAsync` and `filterAsync`: up to `parallelism` calls in flight, results
 * emitted in the order of the elements that caused them.
 *
 * @module
 */
import { LinearStage, type StageIntrospection } from '../../../core/StageLogic.js'
import { callTimingOn, reportCallTiming, timingClock } from './callTiming.js'
import { ResultCallbacks } from './reactionCallback.js'
import { resumes } from './resumes.js'
import { isThenable } from './thenable.js'

/**
 * A ring of `parallelism` slots, one per element in flight or waiting to be emitted. Slot `i`
 * has its own resolve callback, created the first time the slot is used and kept for the run, so
 * an element costs one `then` reaction and no closure.
 *
 * @internal
 */
export abstract class OrderedAsync<In, R, Out> extends LinearStage<In, Out> {
  /** The input element of each slot, kept only when `emitted` needs it (filterAsync). */
  private readonly inputs: (In | undefined)[]
  private readonly results: (R | undefined)[]
  /** 1 while the slot's Promise has not settled. */
  private readonly waiting: Uint8Array
  /** Per slot (made on its first Promise): a result, and a rejection (supervised: a resumed one drops its element), must know their slot. */
  private readonly callbacks: (ResultCallbacks<R> | undefined)[]
  private head = 0
  private count = 0
  /**
   * When each slot's call started, while call timing is on (metrics): timed here, in the slot's
   * own reaction, rather than with one more `then` per element. -1: not timed.
   */
  private starts: Float64Array | null = null
  /** The clock calls are timed with (see timingClock), once timing is on. */
  private clock: { now(): number } | null = null

  constructor(
    private readonly parallelism: number,
    private readonly keepInputs: boolean,
  ) {
    super()
    this.inputs = keepInputs ? new Array<In | undefined>(parallelism).fill(undefined) : []
    this.results = new Array<R | undefined>(parallelism).fill(undefined)
    this.waiting = new Uint8Array(parallelism)
    this.callbacks = new Array<ResultCallbacks<R> | undefined>(parallelism).fill(undefined)
  }

  /** Calls the user function for `elem`. */
  protected abstract call(elem: In): R | PromiseLike<R>
  /** What a settled slot emits: an element, or `undefined`/`null` to emit nothing. */
  protected abstract emitted(input: In | undefined, result: R): Out | undefined | null

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    let slot = this.head + this.count
    if (slot >= this.parallelism) slot -= this.parallelism
    // Count the slot before calling out, so a re-entrant signal sees it taken.
    this.count++
    if (this.keepInputs) this.inputs[slot] = elem
    if (callTimingOn) (this.starts ??= new Float64Array(this.parallelism).fill(-1))[slot] = (this.clock ??= timingClock(this.scheduler)).now()
    const r = this.call(elem)
    if (isThenable(r)) {
      this.waiting[slot] = 1
      ;(this.callbacks[slot] ?? this.callbacksFor(slot)).listen(r)
      if (this.count < this.parallelism) this.pullIfRoom()
    } else {
      if (this.starts !== null) this.timed(slot, undefined)
      this.results[slot] = r
      this.pushReady()
    }
  }

  /** Reports how long the slot's call took, if it was timed. */
  private timed(slot: number, error: unknown): void {
    const starts = this.starts!
    const start = starts[slot]!
    if (start < 0) return
    starts[slot] = -1
    reportCallTiming(this, this.clock!.now() - start, error)
  }

  override onPull(): void {
    this.pushReady()
  }

  override introspect(): StageIntrospection {
    let inFlight = 0
    for (let i = 0; i < this.parallelism; i++) inFlight += this.waiting[i]!
    return { inFlight, buffered: this.count - inFlight, capacity: this.parallelism }
  }

  override onUpstreamFinish(): void {
    if (this.count === 0) this.completeStage()
  }

  private callbacksFor(slot: number): ResultCallbacks<R> {
    const cbs = new ResultCallbacks<R>(
      this,
      (value) => this.fulfilled(slot, value),
      (error) => this.rejected(slot, error),
    )
    this.callbacks[slot] = cbs
    return cbs
  }

  private fulfilled(slot: number, value: R): void {
    if (this.waiting[slot] === 0) return // a thenable that settled twice
    if (this.starts !== null) this.timed(slot, undefined)
    this.waiting[slot] = 0
    this.results[slot] = value
    if (slot === this.head) this.pushReady()
  }

  private rejected(slot: number, error: unknown): void {
    if (this.waiting[slot] === 0) return
    if (this.starts !== null) this.timed(slot, error ?? new Error('rejected'))
    if (!resumes(this.attributes, error)) return this.failStage(error)
    this.waiting[slot] = 0
    this.results[slot] = null as R // a null result emits nothing
    if (slot === this.head) this.pushReady()
  }

  /** Emits settled results from the head while downstream wants them, then refills. */
  private pushReady(): void {
    const n = this.parallelism
    while (this.count > 0 && this.waiting[this.head] === 0) {
      const h = this.head
      const result = this.results[h] as R
      const out = this.emitted(this.keepInputs ? this.inputs[h] : undefined, result)
      if (out !== undefined && out !== null) {
        if (!this.isAvailable(this.out)) break
        this.release(h, n)
        // A pull answered synchronously from downstream shows as available again: keep going.
        // Nothing settled at the head, so room: onPull would now only pull `in`, and a pull that
        // downstream makes during this push may go straight upstream.
        if (this.count === 0 || this.waiting[this.head] === 1) this.pushPassingPulls(this.out, out, this.in)
        else this.push(this.out, out)
      } else this.release(h, n)
    }
    if (this.count === 0) {
      if (this.isClosed(this.in)) this.completeStage()
      else if (!this.hasBeenPulled(this.in)) this.pull(this.in)
    } else this.pullIfRoom()
  }

  private release(h: number, n: number): void {
    this.results[h] = undefined
    if (this.keepInputs) this.inputs[h] = undefined
    this.head = h + 1 === n ? 0 : h + 1
    this.count--
  }

  private pullIfRoom(): void {
    if (this.count < this.parallelism && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }
}
