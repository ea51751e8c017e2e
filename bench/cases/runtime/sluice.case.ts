/**
 * The runtime scenarios through sluice, imported from `src/` (what `npm run build` ships).
 */
import type { BenchCase } from '../../harness/BenchCase.js'
import { Sink, Source } from '../../../src/index.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = 'sluice'

const s1 = Source.range(0, S1.n)
  .map((x) => x * 2)
  .filter((x) => x % 3 === 0)
  .scan(0, (acc, x) => acc + x)
  .toMat(Sink.last<number>(), (_l, r) => r)

const s2 = (parallelism: number) => Source.range(0, S2_P1.n).mapAsync(parallelism, resolved).toMat(Sink.fold<number, number>(0, add), (_l, r) => r)

const s3 = (): Promise<number> =>
  Source.fromIterable(chunks())
    .mapAsync(1, async (chunk) => {
      await tick()
      return chunkValue(chunk)
    })
    .runFold(0, add)

const s4 = Source.mergeAll(Array.from({ length: S4.sources }, (_, s) => Source.range(s * S4.each, S4.each))).toMat(Sink.fold<number, number>(0, add), (_l, r) => r)

const s5 = Source.range(0, S5.n)
  .grouped(S5.size)
  .map((group) => group.reduce(add, 0))
  .toMat(Sink.fold<number, number>(0, add), (_l, r) => r)

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): Source<number> => Source.range(0, BUSY.n)
  const shapes: (() => Promise<unknown>)[] = [
    () => r().take(BUSY.n / 2).runFold(0, add),
    () => r().drop(10).runFold(0, add),
    () => r().takeWhile((x) => x < BUSY.n / 2).runFold(0, add),
    () => r().dropWhile((x) => x < 100).runFold(0, add),
    () => r().mapConcat((x) => [x, x]).runFold(0, add),
    () => r().grouped(10).runFold(0, (acc, g) => acc + g.length),
    () => r().sliding(3).runFold(0, (acc, g) => acc + g.length),
    () => r().merge(r()).runFold(0, add),
    () => r().zip(r()).runFold(0, (acc, [a, b]) => acc + a + b),
    () => r().scan(0, add).runForEach(() => {}),
    () => r().zipWithIndex().runFold(0, (acc, [x, i]) => acc + x + i),
    () => r().intersperse(0).filterMap((x) => (x > 5 ? x : undefined)).runReduce(add),
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await shape()
}

export const cases: BenchCase[] = [
  // The targets are issue 11's.
  { ...S1, library, target: { withinRatio: 8, aheadOf: ['@most/core'] }, run: () => s1.run() },
  { ...S1_BUSY, library, target: { aheadOf: ['*'] }, setup: busy, run: () => s1.run() },
  { ...S2_P1, library, target: { withinRatio: 2.5 }, run: () => s2(1).run() },
  { ...S2_P8, library, target: { withinRatio: 4 }, run: () => s2(8).run() },
  { ...S3, library, target: { withinRatio: 1.05, maxHeapMiB: 1 }, measureHeap: true, run: s3 },
  { ...S4, library, target: { aheadOf: ['effect'] }, run: () => s4.run() },
  { ...S5, library, target: { aheadOf: ['@most/core'] }, run: () => s5.run() },
]
