/**
 * The runtime scenarios through Effect 4's `Stream` (v4 API: `runFold` and `scan` take a lazy
 * initial value, `range` is inclusive, `grouped` emits arrays).
 */
import { Effect, Option, Stream } from 'effect'
import type { BenchCase } from '../../harness/BenchCase.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = 'effect'
const zero = (): number => 0

const s1 = Stream.range(0, S1.n - 1).pipe(
  Stream.map((x) => x * 2),
  Stream.filter((x) => x % 3 === 0),
  Stream.scan(zero, (acc, x) => acc + x),
  Stream.runLast,
  Effect.map(Option.getOrThrow),
)

const s2 = (concurrency: number) =>
  Stream.range(0, S2_P1.n - 1).pipe(
    Stream.mapEffect((x) => Effect.promise(() => resolved(x)), { concurrency }),
    Stream.runFold(zero, add),
  )

const s3 = Stream.suspend(() => Stream.fromIterable(chunks())).pipe(
  Stream.mapEffect((chunk) => Effect.promise(() => tick().then(() => chunkValue(chunk)))),
  Stream.runFold(zero, add),
)

const s4 = Stream.mergeAll(
  Array.from({ length: S4.sources }, (_, s) => Stream.range(s * S4.each, (s + 1) * S4.each - 1)),
  { concurrency: 'unbounded' },
).pipe(Stream.runFold(zero, add))

const s5 = Stream.range(0, S5.n - 1).pipe(
  Stream.grouped(S5.size),
  Stream.map((group) => group.reduce(add, 0)),
  Stream.runFold(zero, add),
)

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): Stream.Stream<number> => Stream.range(0, BUSY.n - 1)
  const sum = Stream.runFold(zero, add)
  const count = Stream.runFold(zero, (acc: number, g: readonly number[]) => acc + g.length)
  const shapes: Effect.Effect<unknown>[] = [
    r().pipe(Stream.take(BUSY.n / 2), sum),
    r().pipe(Stream.drop(10), sum),
    r().pipe(Stream.takeWhile((x) => x < BUSY.n / 2), sum),
    r().pipe(Stream.dropWhile((x) => x < 100), sum),
    r().pipe(Stream.map((x) => [x, x]), Stream.flattenIterable, sum),
    r().pipe(Stream.grouped(10), count),
    r().pipe(Stream.sliding(3), count),
    Stream.merge(r(), r()).pipe(sum),
    Stream.zip(r(), r()).pipe(Stream.runFold(zero, (acc, [a, b]) => acc + a + b)),
    r().pipe(Stream.scan(zero, add), Stream.runLast),
    r().pipe(Stream.zipWithIndex, Stream.runFold(zero, (acc, [x, i]) => acc + x + i)),
    r().pipe(Stream.intersperse(0), Stream.filter((x) => x > 5), sum),
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await Effect.runPromise(shape)
}

export const cases: BenchCase[] = [
  { ...S1, library, run: () => Effect.runPromise(s1) },
  { ...S1_BUSY, library, setup: busy, run: () => Effect.runPromise(s1) },
  { ...S2_P1, library, run: () => Effect.runPromise(s2(1)) },
  { ...S2_P8, library, run: () => Effect.runPromise(s2(8)) },
  { ...S3, library, measureHeap: true, run: () => Effect.runPromise(s3) },
  { ...S4, library, run: () => Effect.runPromise(s4) },
  { ...S5, library, run: () => Effect.runPromise(s5) },
]
