/**
 * The stage of mapConcat and statefulMapConcat: emits the elements of the iterable `f` returns
 * for each element, one per pull, and closes an unfinished iterator when it stops.
 *
 * @module
 * @internal
 */
import { LinearStage } from '../../../core/StageLogic.js'

/** @internal */
export class MapConcat<In, Out> extends LinearStage<In, Out> {
  private iterator: Iterator<Out> | null = null
  /** `f` may be set later, in `preStart` (statefulMapConcat creates it per run). */
  constructor(protected f: (x: In) => Iterable<Out>) {
    super()
  }
  onPush(): void {
    this.iterator = this.f(this.grab(this.in))[Symbol.iterator]()
    this.pushNext()
  }
  override onPull(): void {
    if (this.iterator !== null) this.pushNext()
    else this.pull(this.in)
  }
  private pushNext(): void {
    const r = this.iterator!.next()
    if (r.done === true) {
      this.iterator = null
      if (this.isClosed(this.in)) this.completeStage()
      else this.pull(this.in)
    } else this.push(this.out, r.value)
  }
  override onUpstreamFinish(): void {
    if (this.iterator === null) this.completeStage()
  }
  override postStop(): void {
    const it = this.iterator
    this.iterator = null
    it?.return?.()
  }
}
