/**
 * One synchronous fusible source being read (`range`, `from`, `fromIterable`, `single`,
 * `repeat`, `iterate`): where its elements come from and how far it got. A fused chain reads its
 * own source through one (`FusedStage`), a fused merge or concat each of its inputs
 * (`MergedSources`), so both replay the unfused source stage the same way: the same calls into
 * user code, the same end with the last element when the source knows it, the same failures.
 *
 * @module
 */
import { rules } from '../spec/rules.js'
import type { BuildSite } from './errors.js'
import type { FusibleSource } from './Module.js'

const S_RANGE = 0 // MergedSources tests `kind` against its own copy of this (an imported constant costs S4 a tenth)
const S_ARRAY = 1
const S_ITERABLE = 2
const S_SINGLE = 3
const S_REPEAT = 4
const S_ITERATE = 5
const S_ITERATE_NEXT = 6 // iterate, after the seed

/** A fusible source that is one source, not a fan-in of several. */
export type SingleSource = Exclude<FusibleSource, { kind: 'merge' | 'concat' }>

/** @internal */
export class SourceCursor {
  /**
   * Which kind of source: 0 a range (its elements are `next`, `next + 1`, ... below `end`, and
   * asking for one runs no user code), then array, iterable, single, repeat, iterate; `iterate`
   * moves to S_ITERATE_NEXT after its seed. Written only here.
   */
  kind: number
  /** A range's next number, an array's next index. */
  next = 0
  /** Where a range or an array ends. */
  end = 0
  /** single/repeat: the element; iterate: the last value. */
  val: unknown = undefined
  iter: Iterator<unknown> | null = null
  /** Nothing to return(): never opened, exhausted, failed or closed. */
  closed = true
  /** The source has no more elements (it said so with its last one, or found none). */
  ended = false
  /** In a fused merge: the element the input holds (its look-ahead), and the input after it in line. */
  held: unknown = undefined
  after: SourceCursor | null = null

  constructor(
    /** Its inlet's position in a fan-in (0 for a chain's own source). */
    readonly index: number,
    readonly src: SingleSource,
    /** The source stage's name, for failures. */
    readonly name: string,
    readonly site: BuildSite | undefined,
  ) {
    this.kind = ['range', 'array', 'iterable', 'single', 'repeat', 'iterate'].indexOf(src.kind)
  }

  /** Opens the source (its stage's `preStart`); a source with no element at all has `ended` at once. */
  open(): void {
    const src = this.src
    this.closed = false
    switch (src.kind) {
      case 'range':
        this.next = src.start
        this.end = src.end
        if (src.start >= src.end) this.finish()
        break
      case 'array':
        this.end = src.array.length
        if (this.end === 0) this.finish()
        break
      case 'iterable':
        this.closed = true // a throwing [Symbol.iterator]() leaves nothing to return
        this.iter = src.iterable[Symbol.iterator]()
        this.closed = false
        break
      case 'single':
      case 'repeat':
        this.val = src.element
        break
      default:
        this.val = src.seed
    }
  }

  /**
   * The next element, or `undefined` when there is none (then `ended`); a source that knows its
   * last element ends with it. A `null` or `undefined` element fails, named after the source.
   */
  take(): unknown {
    let v: unknown
    switch (this.kind) {
      case S_RANGE:
        v = this.next++
        if (this.next === this.end) this.finish()
        return v
      case S_ARRAY:
        v = (this.src as { array: readonly unknown[] }).array[this.next++]
        if (this.next >= this.end) this.finish()
        break
      case S_ITERABLE: {
        this.closed = true // a throwing iterator is finished: no return()
        const r = this.iter!.next()
        if (r.done === true) {
          this.finish()
          return undefined
        }
        this.closed = false
        v = r.value
        break
      }
      case S_SINGLE:
        v = this.val
        this.finish()
        break
      case S_REPEAT:
        v = this.val
        break
      case S_ITERATE:
        v = this.val
        // the next one is computed when it is asked for, as the unfused stage does
        this.kind = S_ITERATE_NEXT
        break
      default:
        v = this.val = (this.src as { f: (x: unknown) => unknown }).f(this.val)
    }
    // The source fails (an iterator it holds is still returned when the stage stops, as unfused).
    if (v === undefined || v === null) throw rules.nullElement(`${this.name}.out: push`)
    return v
  }

  /** The source has no more elements: nothing left to return. */
  finish(): void {
    this.ended = true
    this.closed = true
    this.iter = null
  }

  /** Returns an iterator still open (the source stage cancelled) and lets go of held elements. */
  close(): void {
    this.held = undefined
    this.val = undefined
    if (this.closed) return
    this.closed = true
    const it = this.iter
    this.iter = null
    it?.return?.()
  }
}
