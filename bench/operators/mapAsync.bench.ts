/**
 * Issue 4's benchmark: mapAsync over 100,000 already-resolved Promises, then a fold, with
 * parallelism 1 and 8, beside a plain `for … await` loop (the baseline), RxJS `mergeMap`, Effect's
 * `Stream.mapEffect` and Node's `Readable.map`, all in one run.
 */
import { Readable } from 'node:stream'
import { Effect, Stream } from 'effect'
import * as rx from 'rxjs'
import { Sink, Source } from '../../src/index.js'
import { runSuite } from '../lib.js'

const N = 100_000
const f = (x: number): Promise<number> => Promise.resolve(x)

async function plainLoop(): Promise<number> {
  let acc = 0
  for (let i = 0; i < N; i++) acc += await f(i)
  return acc
}

const sluice = (parallelism: number) => {
  const graph = Source.range(0, N)
    .mapAsync(parallelism, f)
    .toMat(Sink.fold<number, number>(0, (acc, x) => acc + x), (_l, r) => r)
  return () => graph.run()
}

const rxjs = (concurrency: number) => () =>
  rx.lastValueFrom(
    rx.range(0, N).pipe(
      rx.mergeMap(f, concurrency),
      rx.reduce((acc, x) => acc + x, 0),
    ),
  )

const effect = (concurrency: number) => {
  const stream = Stream.range(0, N - 1).pipe(Stream.mapEffect((x) => Effect.promise(() => f(x)), { concurrency }))
  const program = Stream.runFold(stream, 0, (acc, x) => acc + x)
  return () => Effect.runPromise(program)
}

const node = (concurrency: number) => () => {
  function* numbers(): Generator<number> {
    for (let i = 0; i < N; i++) yield i
  }
  return Readable.from(numbers())
    .map(f, { concurrency })
    .reduce((acc: number, x: number) => acc + x, 0) as Promise<number>
}

export default async function (): Promise<void> {
  for (const p of [1, 8]) {
    await runSuite({
      title: `mapAsync(${p}) over already-resolved Promises -> fold`,
      elements: N,
      rounds: 7,
      warmup: 3,
      cases: [
        { name: 'plain for … await loop', run: plainLoop, baseline: true },
        { name: `sluice mapAsync(${p})`, run: sluice(p) },
        { name: `rxjs 7 mergeMap(f, ${p})`, run: rxjs(p) },
        { name: `effect 3 mapEffect({ concurrency: ${p} })`, run: effect(p) },
        { name: `node Readable.map({ concurrency: ${p} })`, run: node(p) },
      ],
    })
  }
}
