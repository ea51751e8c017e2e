/**
 * The inputs of a fused `merge` or `concat` (ADR 0010): a fan-in whose inlets are all fed by
 * synchronous fusible sources (`range`, `from`, `fromIterable`, `single`, `repeat`, `iterate`)
 * runs inside the `FusedStage` of the chain after it, as its source. This class replays what the
 * unfused `MergeLogic` and its input stages do, in the same order:
 *
 * - at the start every input is asked for one element, in inlet order (the merge's `preStart`);
 * - each input holds at most one element; the oldest one is taken first (first come, first served);
 * - the input whose element was taken is asked again once that element has gone downstream
 *   (`refill`: the unfused merge pulls it right after its push returns);
 * - a source that knows it is exhausted says so with its last element, as the fused sources do.
 *
 * For `concat` (`sequential`) it reads the inputs one after the other, each only when an element
 * is asked for, and holds nothing, as the unfused `concat` passes each pull to its current input.
 *
 * So the elements, each input's calls into user code (iterators, `iterate`'s function) and the
 * completion are the same as unfused (test/core/fusedMerge.test.ts states the law and the few
 * timing differences); only the queue trips between the stages are gone.
 *
 * @module
 */
import type { BuildSite } from './errors.js'
import type { FusibleSource } from './Module.js'
import { type SingleSource, SourceCursor } from './SourceCursor.js'

// `undefined` means "nothing" (the input is exhausted): elements are never `undefined`. Written as
// the literal, not a module-level constant, which V8 compares slowly (see FusedStage).

/** One input. */
type Cursor = SourceCursor

/**
 * `SourceCursor.kind` of a range, declared again here: compared per element, and V8 does not fold
 * a constant imported from another module (S4 3.55 ms with this copy, 3.99 with the import). A
 * wrong copy would make merged ranges look like held inputs and the fusion law tests fail.
 */
const RANGE = 0

/** @internal */
export class MergedSources {
  private readonly cursors: Cursor[]
  /**
   * Inputs holding an element, in arrival order: a circle of cursors linked by `after`, entered at
   * the newest (`tail`; `tail.after` is the oldest, served next). Taking an element and putting its
   * input back in line is then `tail = tail.after`: one dependent load, where a ring of indices
   * into the inputs took three.
   */
  private tail: Cursor | null = null
  private size = 0
  /** Inputs not ended yet. */
  private open: number
  private filled = false
  /** The input whose element was taken last: asked again once that element has gone downstream. */
  private refill: Cursor | null = null
  /** The input being asked for an element (-1: none): a failure is reported as raised by it. */
  private asking = -1

  /** `concat`: the inputs one after the other, each asked only on demand, nothing held. */
  readonly sequential: boolean
  /** `concat`: the input being read. */
  private active = 0

  constructor(src: Extract<FusibleSource, { kind: 'merge' | 'concat' }>) {
    this.sequential = src.kind === 'concat'
    this.cursors = src.inputs.map((input, i) => new SourceCursor(i, input as SingleSource, src.names[i]!, src.sites[i]))
    this.open = this.cursors.length
  }

  /** Opens every input, in order (the input stages' `preStart`s). */
  start(): void {
    for (let i = 0; i < this.cursors.length; i++) {
      const c = this.cursors[i]!
      this.asking = i
      c.open()
      if (c.ended) this.open--
    }
    this.asking = -1
  }

  /** Asks every input for its first element, in order (the merge's `preStart` pulls), once. */
  fill(): void {
    if (this.filled) return
    this.filled = true
    if (this.sequential) return
    for (const c of this.cursors) if (!c.ended) this.ask(c)
  }

  /** True once every input has ended and every element held has been taken. */
  get done(): boolean {
    return this.open === 0 && this.size === 0
  }

  /** The input being asked, if a failure happens now (its name and build site), or `undefined`. */
  failedInput(): { readonly name: string; readonly site: BuildSite | undefined } | undefined {
    return this.asking < 0 ? undefined : this.cursors[this.asking]!
  }

  /** The oldest element held (the input that gave it is asked again at the next call or `refillNow`), or undefined. */
  take(): unknown {
    const r = this.refill
    if (r !== null) {
      this.refill = null
      if (!r.ended) this.ask(r)
    }
    let tail = this.tail
    if (tail === null) {
      // nothing in line: not asked yet (nothing is in line before `fill`), or nothing left
      if (this.filled) return undefined
      this.fill()
      tail = this.tail
      if (tail === null) return undefined
    }
    const c = tail.after!
    if (c.kind === RANGE) {
      // A range runs no user code and cannot fail, so it holds its element only in name: the
      // element is made when taken, and the range is back in line at once (the newest now), or
      // has ended with it.
      const v = c.next++
      if (c.next !== c.end) this.tail = c
      else {
        this.ended(c)
        this.leave(tail, c)
      }
      return v
    }
    this.leave(tail, c)
    const v = c.held
    c.held = undefined
    this.refill = c
    return v
  }

  /** The oldest input in line, `c` (after `tail`), leaves it. */
  private leave(tail: Cursor, c: Cursor): void {
    this.size--
    if (c === tail) this.tail = null
    else tail.after = c.after
    c.after = null
  }

  /** The element taken last has gone downstream: ask its input again (the unfused merge's pull). */
  refillNow(): void {
    const c = this.refill
    if (c === null) return
    this.refill = null
    if (!c.ended) this.ask(c)
  }

  /** Returns every iterator still open, in inlet order (the merge cancelling its inlets), and lets go of held elements. */
  close(): void {
    this.refill = null
    for (const c of this.cursors) c.close()
    this.size = 0
    this.tail = null
  }

  /** `concat`: the active input's next element, moving on past inputs that ended; undefined once all have. */
  next(): unknown {
    const cursors = this.cursors
    while (this.active < cursors.length) {
      const c = cursors[this.active]!
      if (!c.ended) this.ask(c) // nothing else is held: the element, if any, is the only one in the ring
      // an input that said it ended with its last element is left at once, as the unfused concat does
      while (this.active < cursors.length && cursors[this.active]!.ended) this.active++
      if (this.size > 0) {
        this.size = 0
        this.tail = null
        c.after = null
        const v = c.held
        c.held = undefined
        return v
      }
    }
    return undefined
  }

  /** Input `c` has ended (it said so with its last element, or found none). */
  private ended(c: Cursor): void {
    c.finish()
    this.open--
  }

  /** Asks input `c` for one element: it arrives in the ring, or the input ends. */
  private ask(c: Cursor): void {
    if (c.kind === RANGE && !this.sequential) return this.enqueue(c) // it holds its next element in name only (see `take`)
    this.asking = c.index
    const v = c.take() // a failure is the input's: `asking` stays set
    this.asking = -1
    if (c.ended) this.open--
    if (v === undefined) return
    c.held = v
    this.enqueue(c)
  }

  /** Input `c` now holds an element: it is served after those already held. */
  private enqueue(c: Cursor): void {
    this.size++
    const tail = this.tail
    if (tail === null) c.after = c
    else {
      c.after = tail.after
      tail.after = c
    }
    this.tail = c
  }
}
