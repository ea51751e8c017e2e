/**
 * Issue 5's benchmark: 4 sources of 250,000 integers merged, then a fold (sum), with the plain
 * loop, RxJS `merge`, Effect's `Stream.mergeAll` and Node object-mode streams in the same run.
 */
import { PassThrough, Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Effect, Stream } from 'effect'
import * as rx from 'rxjs'
import { Sink, Source } from '../../src/index.js'
import { runSuite } from '../lib.js'

const SOURCES = 4
const EACH = 250_000
const N = SOURCES * EACH

// The baseline reads the four inputs from arrays, interleaved as a merge of equally fast sources
// emits them (a loop over the integers themselves is folded away by the JIT).
const arrays = Array.from({ length: SOURCES }, (_, s) => Array.from({ length: EACH }, (_, i) => s * EACH + i))

function plainLoop(): number {
  let acc = 0
  for (let i = 0; i < EACH; i++) for (let s = 0; s < SOURCES; s++) acc += arrays[s]![i]!
  return acc
}

const sluiceGraph = Source.mergeAll(Array.from({ length: SOURCES }, (_, s) => Source.range(s * EACH, EACH))).toMat(
  Sink.fold<number, number>(0, (acc, x) => acc + x),
  (_l, r) => r,
)

function rxjs(): Promise<number> {
  const inputs = Array.from({ length: SOURCES }, (_, s) => rx.range(s * EACH, EACH))
  return rx.lastValueFrom(rx.merge(...inputs).pipe(rx.reduce((acc, x) => acc + x, 0)))
}

function effect(): Promise<number> {
  const inputs = Array.from({ length: SOURCES }, (_, s) => Stream.range(s * EACH, (s + 1) * EACH - 1))
  const merged = Stream.mergeAll(inputs, { concurrency: 'unbounded' })
  return Effect.runPromise(Stream.runFold(merged, 0, (acc, x) => acc + x))
}

function readableRange(start: number, count: number): Readable {
  let i = start
  const end = start + count
  return new Readable({
    objectMode: true,
    read() {
      for (let k = 0; k < 256; k++) {
        if (i >= end) return void this.push(null)
        if (!this.push(i++)) return
      }
    },
  })
}

async function nodeStreams(): Promise<number> {
  let acc = 0
  const merged = new PassThrough({ objectMode: true })
  let open = SOURCES
  for (let s = 0; s < SOURCES; s++) {
    const input = readableRange(s * EACH, EACH)
    input.pipe(merged, { end: false })
    input.on('end', () => {
      if (--open === 0) merged.end()
    })
  }
  await pipeline(merged, new Writable({ objectMode: true, write: (x: number, _e, cb) => ((acc += x), cb()) }))
  return acc
}

export default async function (): Promise<void> {
  await runSuite({
    title: `merge ${SOURCES} x ${EACH.toLocaleString('en')} integers -> fold`,
    elements: N,
    // the fused interpreter reaches its steady state after a few runs (JIT tiering); give every case the same warm-up
    warmup: 6,
    cases: [
      { name: 'plain loop', run: plainLoop, baseline: true },
      { name: 'sluice mergeAll -> fold', run: () => sluiceGraph.run() },
      { name: 'rxjs merge -> reduce', run: rxjs },
      { name: 'effect Stream.mergeAll -> runFold', run: effect },
      { name: 'node streams (PassThrough) -> Writable', run: nodeStreams },
    ],
  })
}
