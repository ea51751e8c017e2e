/**
 * The runtime scenarios through @most/core 1.6 and @most/scheduler. @most/core has no range, no
 * iterable source and no `grouped`: the sources are written with `newStream` and `asap`, the
 * way its docs build sources, and grouping is a `loop` (which cannot flush a last partial group:
 * S5's 1e6 is a multiple of 100). It has no demand either: S3's source emits every chunk at once
 * and `concatMap` buffers them, so its live heap grows with the input.
 */
import { awaitPromises, chain, concatMap, filter, fromPromise, loop, map, mergeArray, mergeMapConcurrently, newStream, runEffects, scan, skip, skipWhile, slice, take, takeWhile, tap, zip } from '@most/core'
import { asap, newDefaultScheduler } from '@most/scheduler'
import type { Stream } from '@most/types'
import type { BenchCase } from '../../harness/BenchCase.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = '@most/core'

/** A synchronous source of the elements of an iterable, emitted in one task as soon as the stream runs. */
function fromIterable<T>(iterable: () => Iterable<T>): Stream<T> {
  return newStream((sink, scheduler) => {
    let active = true
    return asap(
      {
        run(t) {
          for (const x of iterable()) {
            if (!active) return
            sink.event(t, x)
          }
          sink.end(t)
        },
        error(t, e) {
          sink.error(t, e)
        },
        dispose() {
          active = false
        },
      },
      scheduler,
    )
  })
}

/** `count` integers from `start`, emitted in one task. */
function range(start: number, count: number): Stream<number> {
  return newStream((sink, scheduler) => {
    let active = true
    return asap(
      {
        run(t) {
          const end = start + count
          for (let i = start; i < end && active; i++) sink.event(t, i)
          if (active) sink.end(t)
        },
        error(t, e) {
          sink.error(t, e)
        },
        dispose() {
          active = false
        },
      },
      scheduler,
    )
  })
}

/** Runs a stream to its end and resolves with the fold of its events. */
async function fold<T, A>(stream: Stream<T>, zero: A, f: (acc: A, x: T) => A): Promise<A> {
  let acc = zero
  await runEffects(
    tap((x) => {
      acc = f(acc, x)
    }, stream),
    newDefaultScheduler(),
  )
  return acc
}

const grouped = (size: number, stream: Stream<number>): Stream<number[]> =>
  filter(
    (g: number[] | undefined): g is number[] => g !== undefined,
    loop(
      (group: number[], x: number) => {
        group.push(x)
        return group.length === size ? { seed: [], value: group } : { seed: group, value: undefined }
      },
      [] as number[],
      stream,
    ),
  )

const s1 = (): Promise<number> =>
  fold(
    scan(add, 0, filter((x: number) => x % 3 === 0, map((x: number) => x * 2, range(0, S1.n)))),
    0,
    (_, x) => x,
  )

// One Promise at a time is `awaitPromises` (most's own "map to a Promise, in order"); more is `mergeMapConcurrently`.
const s2 = (concurrency: number): Promise<number> =>
  fold(
    concurrency === 1 ? awaitPromises(map(resolved, range(0, S2_P1.n))) : mergeMapConcurrently((x) => fromPromise(resolved(x)), concurrency, range(0, S2_P1.n)),
    0,
    add,
  )

const s3 = (): Promise<number> =>
  fold(
    concatMap((chunk) => fromPromise(tick().then(() => chunkValue(chunk))), fromIterable(chunks)),
    0,
    add,
  )

const s4 = (): Promise<number> => fold(mergeArray(Array.from({ length: S4.sources }, (_, s) => range(s * S4.each, S4.each))), 0, add)

// Built per run: the loop's first seed is an array that a run fills.
const s5 = (): Promise<number> =>
  fold(
    map((group: number[]) => group.reduce(add, 0), grouped(S5.size, range(0, S5.n))),
    0,
    add,
  )

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): Stream<number> => range(0, BUSY.n)
  const shapes: (() => Promise<unknown>)[] = [
    () => fold(take(BUSY.n / 2, r()), 0, add),
    () => fold(skip(10, r()), 0, add),
    () => fold(takeWhile((x) => x < BUSY.n / 2, r()), 0, add),
    () => fold(skipWhile((x) => x < 100, r()), 0, add),
    () => fold(chain((x) => range(x, 2), r()), 0, add),
    () => fold(grouped(10, r()), 0, (acc, g) => acc + g.length),
    () => fold(slice(10, 5000, r()), 0, add),
    () => fold(mergeArray([r(), r()]), 0, add),
    () => fold(zip((a, b) => a + b, r(), r()), 0, add),
    () => fold(scan(add, 0, r()), 0, (_, x) => x),
    () => fold(loop((i: number, x: number) => ({ seed: i + 1, value: x + i }), 0, r()), 0, add),
    () => fold(filter((x: number) => x > 5, map((x: number) => x + 1, r())), 0, add),
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await shape()
}

export const cases: BenchCase[] = [
  { ...S1, library, note: 'no range source: written with newStream and asap', run: s1 },
  { ...S1_BUSY, library, setup: busy, run: s1 },
  { ...S2_P1, library, run: () => s2(1) },
  { ...S2_P8, library, run: () => s2(8) },
  { ...S3, library, measureHeap: true, note: 'no demand: the source emits all 2e5 chunks at once and concatMap queues them (about 200 MiB alive), and a pass takes tens of seconds', run: s3 },
  { ...S4, library, run: s4 },
  { ...S5, library, note: 'no grouped operator: a loop that emits every 100th element, then filter', run: s5 },
]
