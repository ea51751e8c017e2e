/**
 * The runtime scenarios through callbag-basics 4 (pullable sources). callbag-basics has no range,
 * no sink that reports completion, no async map and no grouping: those few operators are written
 * here against the callbag protocol (start 0, data 1, end 2; a pullable sink asks with `talkback(1)`),
 * as callbag users write theirs. S2.p8 (several Promises in flight) and S4 (callbag-merge only
 * merges listenable sources, which cannot be slowed) are n/a.
 */
import { createRequire } from 'node:module'
import type { Source } from 'callbag'
import type * as Basics from 'callbag-basics'
import type { BenchCase, NotApplicable } from '../../harness/BenchCase.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

// callbag-basics is CommonJS whose exports Node's ESM loader cannot list: load it with require.
const require = createRequire(import.meta.url)
const cb = require('callbag-basics') as typeof Basics

const library = 'callbag'

/** The protocol without its types: `(0, talkback)` to start, `(1, data)` or `(1)` to pull, `(2, error?)` to end. */
type Cb = (type: number, payload?: unknown) => void
const typed = <T>(f: Cb): Source<T> => f as unknown as Source<T>
const untyped = <T>(source: Source<T>): Cb => source as unknown as Cb

/** A pullable source of `count` integers from `start`; pulls made while it emits are looped, not nested. */
function range(start: number, count: number): Source<number> {
  return typed((type, sink) => {
    if (type !== 0) return
    const out = sink as Cb
    const end = start + count
    let i = start
    let pulled = false
    let looping = false
    let done = false
    out(0, (t: number) => {
      if (done) return
      if (t === 2) {
        done = true
        return
      }
      pulled = true
      if (looping) return
      looping = true
      while (pulled && !done) {
        pulled = false
        if (i < end) out(1, i++)
        else {
          done = true
          out(2)
        }
      }
      looping = false
    })
  })
}

/**
 * Pulls a source to its end and resolves with the fold of its elements; with `wait`, awaits it
 * before each further pull (an asynchronous consumer).
 */
function fold<T, A>(source: Source<T>, zero: A, f: (acc: A, x: T) => A, wait?: () => Promise<void>): Promise<A> {
  return new Promise((resolve, reject) => {
    let acc = zero
    let talkback: Cb | undefined
    untyped(source)(0, (type: number, data?: unknown) => {
      if (type === 0) {
        talkback = data as Cb
        talkback(1)
      } else if (type === 1) {
        acc = f(acc, data as T)
        if (wait === undefined) talkback!(1)
        else void wait().then(() => talkback!(1))
      } else if (data === undefined) resolve(acc)
      else reject(data)
    })
  })
}

/** An operator that maps each element to a Promise and emits its value, one at a time: pulls once per result. */
const mapPromise =
  <T, R>(f: (x: T) => Promise<R>) =>
  (source: Source<T>): Source<R> =>
    typed((type, sink) => {
      if (type !== 0) return
      const out = sink as Cb
      untyped(source)(0, (t: number, d?: unknown) => {
        if (t === 1) void f(d as T).then((r) => out(1, r), (e: unknown) => out(2, e))
        else out(t, d)
      })
    })

/** An operator that emits arrays of `size` elements (the last may be shorter); pulls again until a group is full. */
const grouped =
  (size: number) =>
  <T>(source: Source<T>): Source<T[]> =>
    typed((type, sink) => {
      if (type !== 0) return
      const out = sink as Cb
      let group: T[] = []
      let talkback: Cb
      untyped(source)(0, (t: number, d?: unknown) => {
        if (t === 0) {
          talkback = d as Cb
          out(0, talkback)
        } else if (t === 1) {
          group.push(d as T)
          if (group.length < size) return talkback(1)
          const full = group
          group = []
          out(1, full)
        } else {
          if (d === undefined && group.length > 0) out(1, group)
          out(2, d)
        }
      })
    })

const s1 = (): Promise<number> =>
  fold(
    cb.pipe(
      range(0, S1.n),
      cb.map((x: number) => x * 2),
      cb.filter((x: number) => x % 3 === 0),
      cb.scan((acc: number, x: number) => acc + x, 0),
    ),
    0,
    (_, x) => x,
  )

const s2 = (): Promise<number> => fold(cb.pipe(range(0, S2_P1.n), mapPromise(resolved)), 0, add)

const s3 = (): Promise<number> => fold(cb.pipe(cb.fromIter(chunks()), cb.map(chunkValue)), 0, add, tick)

const s5 = (): Promise<number> =>
  fold(
    cb.pipe(
      range(0, S5.n),
      grouped(S5.size),
      cb.map((group: number[]) => group.reduce(add, 0)),
    ),
    0,
    add,
  )

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): Source<number> => range(0, BUSY.n)
  const count = (acc: number, g: number[]): number => acc + g.length
  const shapes: (() => Promise<unknown>)[] = [
    () => fold(cb.pipe(r(), cb.take(BUSY.n / 2)), 0, add),
    () => fold(cb.pipe(r(), cb.skip(10)), 0, add),
    () => fold(cb.pipe(r(), cb.filter((x: number) => x < BUSY.n / 2)), 0, add),
    () => fold(cb.pipe(r(), cb.map((x: number) => x + 1), cb.map((x: number) => x * 3)), 0, add),
    () => fold(cb.pipe(r(), grouped(10)), 0, count),
    () => fold(cb.pipe(r(), grouped(3), cb.take(100)), 0, count),
    () => fold(cb.concat(r(), r()), 0, add),
    () => fold(cb.pipe(r(), cb.scan((a: number, x: number) => a + x, 0)), 0, (_, x) => x),
    () => fold(cb.pipe(r(), cb.skip(5), cb.take(500)), 0, add),
    () => fold(cb.pipe(cb.fromIter([1, 2, 3, 4, 5, 6, 7, 8]), cb.map((x: number) => x - 1)), 0, add),
    () => fold(cb.pipe(r(), mapPromise(resolved), cb.take(100)), 0, add),
    () => fold(cb.concat(cb.pipe(r(), cb.take(10)), cb.pipe(r(), cb.filter((x: number) => x > 5))), 0, add),
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await shape()
}

const handWritten = 'range, the folding sink and (S2) the Promise map are written in this file against the callbag protocol'

export const cases: BenchCase[] = [
  { ...S1, library, note: handWritten, run: s1 },
  { ...S1_BUSY, library, setup: busy, run: s1 },
  { ...S2_P1, library, note: handWritten, run: s2 },
  { ...S3, library, measureHeap: true, run: s3 },
  { ...S5, library, note: 'grouped is written in this file against the callbag protocol', run: s5 },
]

export const notApplicable: NotApplicable[] = [
  { ...S2_P8, library, reason: 'callbag-basics has no operator that keeps several Promises in flight' },
  { ...S4, library, reason: 'callbag-merge only merges listenable sources (no demand); the synchronous ranges are pullable' },
]
