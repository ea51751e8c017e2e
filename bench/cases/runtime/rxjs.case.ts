/**
 * The runtime scenarios through RxJS 7. RxJS has no demand: S3's `from(generator)` pushes every
 * chunk at once and `concatMap` buffers what its consumer has not reached yet.
 */
import * as rx from 'rxjs'
import type { BenchCase } from '../../harness/BenchCase.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = 'rxjs'

const s1 = rx.range(0, S1.n).pipe(
  rx.map((x) => x * 2),
  rx.filter((x) => x % 3 === 0),
  rx.scan((acc, x) => acc + x, 0),
  rx.last(),
)

const s2 = (concurrency: number) => rx.range(0, S2_P1.n).pipe(rx.mergeMap(resolved, concurrency), rx.reduce(add, 0))

const s3 = rx.defer(() => rx.from(chunks())).pipe(
  rx.concatMap(async (chunk) => {
    await tick()
    return chunkValue(chunk)
  }),
  rx.reduce(add, 0),
)

const s4 = rx.merge(...Array.from({ length: S4.sources }, (_, s) => rx.range(s * S4.each, S4.each))).pipe(rx.reduce(add, 0))

const s5 = rx.range(0, S5.n).pipe(
  rx.bufferCount(S5.size),
  rx.map((group) => group.reduce(add, 0)),
  rx.reduce(add, 0),
)

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): rx.Observable<number> => rx.range(0, BUSY.n)
  const sum = rx.reduce(add, 0)
  const shapes: rx.Observable<unknown>[] = [
    r().pipe(rx.take(BUSY.n / 2), sum),
    r().pipe(rx.skip(10), sum),
    r().pipe(rx.takeWhile((x) => x < BUSY.n / 2), sum),
    r().pipe(rx.skipWhile((x) => x < 100), sum),
    r().pipe(rx.concatMap((x) => [x, x]), sum),
    r().pipe(rx.bufferCount(10), rx.reduce((acc, g) => acc + g.length, 0)),
    r().pipe(rx.bufferCount(3, 1), rx.reduce((acc, g) => acc + g.length, 0)),
    rx.merge(r(), r()).pipe(sum),
    rx.zip(r(), r()).pipe(rx.reduce((acc, [a, b]) => acc + a + b, 0)),
    r().pipe(rx.scan(add, 0), rx.last()),
    r().pipe(rx.map((x, i) => x + i), sum),
    r().pipe(rx.concatMap((x) => [x, 0]), rx.filter((x) => x > 5), sum),
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await rx.lastValueFrom(shape)
}

export const cases: BenchCase[] = [
  { ...S1, library, run: () => rx.lastValueFrom(s1) },
  { ...S1_BUSY, library, setup: busy, run: () => rx.lastValueFrom(s1) },
  { ...S2_P1, library, run: () => rx.lastValueFrom(s2(1)) },
  { ...S2_P8, library, run: () => rx.lastValueFrom(s2(8)) },
  { ...S3, library, measureHeap: true, note: 'no demand: from(generator) pushes all 2e5 chunks at once and concatMap queues them', run: () => rx.lastValueFrom(s3) },
  { ...S4, library, run: () => rx.lastValueFrom(s4) },
  { ...S5, library, run: () => rx.lastValueFrom(s5) },
]
