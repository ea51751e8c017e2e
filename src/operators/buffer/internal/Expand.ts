/**
 * The stage behind `expand` and `extrapolate`: keeps answering downstream from an iterator made
 * from the latest upstream element, until the next one arrives.
 *
 * @module
 */
import type { Inlet } from '../../../core/ports.js'
import { LinearStage } from '../../../core/StageLogic.js'
import { elementInFlight } from './elementInFlight.js'

/** Turns what an extrapolation function returned into an iterator. @internal */
export function toIterator<T>(op: string, x: Iterable<T> | Iterator<T>): Iterator<T> {
  if (x !== null && typeof x === 'object') {
    const it = (x as Partial<Iterable<T>>)[Symbol.iterator]
    if (typeof it === 'function') return it.call(x) as Iterator<T>
    if (typeof (x as Partial<Iterator<T>>).next === 'function') return x as Iterator<T>
  }
  throw new TypeError(`${op}: the function must return an Iterable or an Iterator, got ${x === null ? 'null' : typeof x}`)
}

/** @internal */
export class Expand<In, Out> extends LinearStage<In, Out> {
  private iter: Iterator<Out> | null = null
  /** The element whose iterator is made only when it is needed (`f` is called lazily). */
  private source: In | undefined = undefined
  /** The next element to emit, looked up ahead (JS iterators cannot tell whether more is coming). */
  private next: Out | undefined = undefined
  /** The first element for the current upstream element has been emitted. */
  private expanded = true

  constructor(
    private readonly f: (x: In) => Iterable<Out> | Iterator<Out>,
    /** extrapolate: the upstream element itself comes first, then what `f` makes of it. */
    private readonly original: boolean,
    private readonly initial: In | undefined,
  ) {
    super()
  }

  override preStart(): void {
    // An initial element is treated as if it had been the first one pushed: upstream is pulled
    // once it has been emitted.
    if (this.initial !== undefined) this.load(this.initial)
    else this.pull(this.in)
  }

  onPush(): void {
    this.load(this.grab(this.in))
    if (!this.hasNext()) return this.pull(this.in)
    if (this.isAvailable(this.out)) {
      this.expanded = true
      this.pull(this.in)
      this.push(this.out, this.take())
    }
  }

  override onPull(): void {
    // A fresh element on its way wins over extrapolation: its onPush answers this pull.
    if (this.expanded && elementInFlight(this.in as Inlet<unknown>)) return
    if (!this.hasNext()) return
    if (this.expanded) return this.push(this.out, this.take())
    this.expanded = true
    if (this.isClosed(this.in)) {
      this.push(this.out, this.take())
      this.completeStage()
    } else {
      // Pull before emitting, so that a fast upstream wins over extrapolation.
      this.pull(this.in)
      this.push(this.out, this.take())
    }
  }

  override onUpstreamFinish(): void {
    // The first element derived from the last upstream element is still owed.
    if (!this.expanded && this.hasNext()) return
    this.completeStage()
  }

  private load(x: In): void {
    this.iter = null
    this.source = x
    this.next = this.original ? (x as unknown as Out) : undefined
    this.expanded = false
  }

  private hasNext(): boolean {
    if (this.next !== undefined) return true
    if (this.source !== undefined) {
      const x = this.source
      this.source = undefined
      this.iter = toIterator(this.name, this.f(x))
    }
    if (this.iter === null) return false
    const r = this.iter.next()
    if (r.done === true) {
      this.iter = null
      return false
    }
    if (r.value === undefined || r.value === null) throw new TypeError(`${this.name}: the iterator yielded ${String(r.value)}`)
    this.next = r.value
    return true
  }

  private take(): Out {
    const x = this.next!
    this.next = undefined
    return x
  }
}
