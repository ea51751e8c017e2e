/**
 * Issue 2's benchmark: range(0, 1e6) -> map(x * 2) -> filter(x % 3 == 0) -> scan(sum) -> last,
 * with the plain loop, RxJS, Effect's Stream and Node object-mode streams in the same run.
 */
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Chunk, Effect, Option, Stream } from 'effect'
import * as rx from 'rxjs'
import { Sink, Source } from '../../src/index.js'
import { runSuite } from '../lib.js'

const N = 1_000_000

function plainLoop(): number {
  let acc = 0
  let last = 0
  for (let i = 0; i < N; i++) {
    const y = i * 2
    if (y % 3 === 0) {
      acc += y
      last = acc
    }
  }
  return last
}

const sluiceGraph = Source.range(0, N)
  .map((x) => x * 2)
  .filter((x) => x % 3 === 0)
  .scan(0, (acc, x) => acc + x)
  .toMat(Sink.last<number>(), (_l, r) => r)

function rxjs(): Promise<number> {
  return rx.lastValueFrom(
    rx.range(0, N).pipe(
      rx.map((x) => x * 2),
      rx.filter((x) => x % 3 === 0),
      rx.scan((acc, x) => acc + x, 0),
      rx.last(),
    ),
  )
}

function effect(): Promise<number> {
  const stream = Stream.range(0, N - 1).pipe(
    Stream.map((x) => x * 2),
    Stream.filter((x) => x % 3 === 0),
    Stream.scan(0, (acc, x) => acc + x),
  )
  return Effect.runPromise(Stream.runLast(stream)).then((o) => Option.getOrThrow(o))
}

async function nodeStreams(): Promise<number> {
  let last = 0
  let acc = 0
  let i = 0
  await pipeline(
    new Readable({
      objectMode: true,
      read() {
        for (let k = 0; k < 256; k++) {
          if (i >= N) return void this.push(null)
          if (!this.push(i++)) return
        }
      },
    }),
    new Transform({ objectMode: true, transform: (x: number, _e, cb) => cb(null, x * 2) }),
    new Transform({ objectMode: true, transform: (x: number, _e, cb) => (x % 3 === 0 ? cb(null, x) : cb()) }),
    new Transform({ objectMode: true, transform: (x: number, _e, cb) => cb(null, (acc += x)) }),
    new Writable({ objectMode: true, write: (x: number, _e, cb) => ((last = x), cb()) }),
  )
  return last
}

export default async function (): Promise<void> {
  void Chunk
  await runSuite({
    title: 'range -> map -> filter -> scan -> last',
    elements: N,
    cases: [
      { name: 'plain loop', run: plainLoop, baseline: true },
      { name: 'sluice', run: () => sluiceGraph.run() },
      { name: 'rxjs 7', run: rxjs },
      { name: 'effect 3 Stream', run: effect },
      { name: 'node object streams', run: nodeStreams },
    ],
  })
}
