/**
 * The runtime scenarios through Node's streams (`node:stream`, object mode): `Readable`s pushing
 * batches, `Transform`s, `stream.pipeline`, and the `Readable` helpers (`map` with `concurrency`,
 * `reduce`, `take`, `drop`, `flatMap`, `filter`). S4 merges by piping four Readables into one
 * `PassThrough`.
 */
import { PassThrough, Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { BenchCase } from '../../harness/BenchCase.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = 'node streams'

/** `count` integers from `start`, pushed up to 256 per `read` while the buffer takes them. */
function range(start: number, count: number): Readable {
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

const mapping = <T, R>(f: (x: T) => R): Transform => new Transform({ objectMode: true, transform: (x: T, _e, cb) => cb(null, f(x)) })

/** A Writable that folds what it receives; `result()` reads the fold. */
function folding<T>(zero: number, f: (acc: number, x: T) => number): { writable: Writable; result: () => number } {
  let acc = zero
  const writable = new Writable({
    objectMode: true,
    write(x: T, _e, cb) {
      acc = f(acc, x)
      cb()
    },
  })
  return { writable, result: () => acc }
}

function grouping(size: number): Transform {
  let group: number[] = []
  return new Transform({
    objectMode: true,
    transform(x: number, _e, cb) {
      group.push(x)
      if (group.length < size) return cb()
      const full = group
      group = []
      cb(null, full)
    },
    flush(cb) {
      if (group.length > 0) this.push(group)
      cb()
    },
  })
}

async function s1(): Promise<number> {
  let acc = 0
  const { writable, result } = folding<number>(0, (_, x) => x)
  await pipeline(
    range(0, S1.n),
    mapping((x: number) => x * 2),
    new Transform({ objectMode: true, transform: (x: number, _e, cb) => (x % 3 === 0 ? cb(null, x) : cb()) }),
    mapping((x: number) => (acc += x)),
    writable,
  )
  return result()
}

function numbers(count: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) yield i
    })(),
  )
}

const s2 = (concurrency: number): Promise<number> => numbers(S2_P1.n).map(resolved, { concurrency }).reduce(add, 0) as Promise<number>

async function s3(): Promise<number> {
  let acc = 0
  for await (const chunk of Readable.from(chunks())) {
    await tick()
    acc += chunkValue(chunk as Uint8Array)
  }
  return acc
}

async function s4(): Promise<number> {
  const merged = new PassThrough({ objectMode: true })
  let open = S4.sources
  for (let s = 0; s < S4.sources; s++) {
    const input = range(s * S4.each, S4.each)
    input.pipe(merged, { end: false })
    input.on('end', () => {
      if (--open === 0) merged.end()
    })
  }
  const { writable, result } = folding<number>(0, add)
  await pipeline(merged, writable)
  return result()
}

async function s5(): Promise<number> {
  const { writable, result } = folding<number>(0, add)
  await pipeline(
    range(0, S5.n),
    grouping(S5.size),
    mapping((group: number[]) => group.reduce(add, 0)),
    writable,
  )
  return result()
}

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): Readable => range(0, BUSY.n)
  const through = async (...transforms: Transform[]): Promise<number> => {
    const { writable, result } = folding<number>(0, (acc, x) => acc + (Array.isArray(x) ? x.length : (x as number)))
    await pipeline([r(), ...transforms, writable])
    return result()
  }
  const s4Small = async (): Promise<number> => {
    const merged = new PassThrough({ objectMode: true })
    let open = 2
    for (const input of [r(), r()]) {
      input.pipe(merged, { end: false })
      input.on('end', () => {
        if (--open === 0) merged.end()
      })
    }
    return merged.reduce(add, 0) as Promise<number>
  }
  const shapes: (() => Promise<unknown>)[] = [
    () => r().take(BUSY.n / 2).reduce(add, 0),
    () => r().drop(10).reduce(add, 0),
    () => r().filter((x: number) => x < BUSY.n / 2).reduce(add, 0),
    () => r().flatMap((x: number) => [x, x]).reduce(add, 0),
    () => r().map((x: number) => x + 1).toArray(),
    () => through(grouping(10)),
    () => through(grouping(3), mapping((g: number[]) => g[0]!)),
    () => through(mapping((x: number) => x * 2), mapping((x: number) => x - 1)),
    () => r().some((x: number) => x === BUSY.n - 1),
    () => r().find((x: number) => x > 5000),
    () => r().forEach(() => {}),
    s4Small,
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await shape()
}

export const cases: BenchCase[] = [
  { ...S1, library, run: s1 },
  { ...S1_BUSY, library, setup: busy, run: s1 },
  { ...S2_P1, library, run: () => s2(1) },
  { ...S2_P8, library, run: () => s2(8) },
  { ...S3, library, measureHeap: true, run: s3 },
  { ...S4, library, run: s4 },
  { ...S5, library, run: s5 },
]
