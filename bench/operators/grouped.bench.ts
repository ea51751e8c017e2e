/**
 * Issue 4's second benchmark: grouped(100) over 1e6 elements, then a fold of the group sizes,
 * beside a plain loop (the baseline), RxJS `bufferCount`, Effect's `Stream.grouped` and a Node
 * object-mode Transform, all in one run.
 */
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Chunk, Effect, Stream } from 'effect'
import * as rx from 'rxjs'
import { Sink, Source } from '../../src/index.js'
import { runSuite } from '../lib.js'

const N = 1_000_000
const SIZE = 100

function plainLoop(): number {
  let total = 0
  let group: number[] = []
  for (let i = 0; i < N; i++) {
    group.push(i)
    if (group.length === SIZE) {
      total += group.length
      group = []
    }
  }
  return total + group.length
}

const sluiceGraph = Source.range(0, N)
  .grouped(SIZE)
  .toMat(Sink.fold<number[], number>(0, (acc, g) => acc + g.length), (_l, r) => r)

function rxjs(): Promise<number> {
  return rx.lastValueFrom(
    rx.range(0, N).pipe(
      rx.bufferCount(SIZE),
      rx.reduce((acc, g) => acc + g.length, 0),
    ),
  )
}

const effectProgram = Stream.range(0, N - 1).pipe(
  Stream.grouped(SIZE),
  Stream.runFold(0, (acc, c: Chunk.Chunk<number>) => acc + Chunk.size(c)),
)

async function nodeStreams(): Promise<number> {
  let total = 0
  let i = 0
  let group: number[] = []
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
    new Transform({
      objectMode: true,
      transform(x: number, _e, cb) {
        group.push(x)
        if (group.length < SIZE) return cb()
        const full = group
        group = []
        cb(null, full)
      },
      flush(cb) {
        if (group.length > 0) this.push(group)
        cb()
      },
    }),
    new Writable({ objectMode: true, write: (g: number[], _e, cb) => ((total += g.length), cb()) }),
  )
  return total
}

export default async function (): Promise<void> {
  await runSuite({
    title: 'grouped(100) -> fold of group sizes',
    elements: N,
    cases: [
      { name: 'plain loop', run: plainLoop, baseline: true },
      { name: 'sluice grouped(100)', run: () => sluiceGraph.run() },
      { name: 'rxjs 7 bufferCount(100)', run: rxjs },
      { name: 'effect 3 Stream.grouped(100)', run: () => Effect.runPromise(effectProgram) },
      { name: 'node object streams (Transform)', run: nodeStreams },
    ],
  })
}
