/**
 * The runtime scenarios through WHATWG streams (Node's global `ReadableStream`,
 * `TransformStream`, `WritableStream`): a pull source that fills its queue up to the high-water
 * mark, `pipeThrough` a `TransformStream` per operator, `pipeTo` a folding `WritableStream`.
 * S2.p8 (the standard has no concurrent transform) and S4 (no merge) are n/a.
 */
import type { BenchCase, NotApplicable } from '../../harness/BenchCase.js'
import { add, BUSY, chunks, chunkValue, resolved, S1, S1_BUSY, S2_P1, S2_P8, S3, S4, S5, tick } from './scenarios.js'

const library = 'web streams'
/** Queue size of every stream in a pipeline (elements). */
const HWM = 16

/** `count` integers from `start`; each pull fills the queue up to its high-water mark. */
function range(start: number, count: number): ReadableStream<number> {
  let i = start
  const end = start + count
  return new ReadableStream<number>(
    {
      pull(controller) {
        while ((controller.desiredSize ?? 0) > 0 && i < end) controller.enqueue(i++)
        if (i >= end) controller.close()
      },
    },
    { highWaterMark: HWM },
  )
}

const strategy = { highWaterMark: HWM }

/** A TransformStream from a function that may enqueue any number of outputs per input. */
const transform = <T, R>(f: (x: T, controller: TransformStreamDefaultController<R>) => void, flush?: (controller: TransformStreamDefaultController<R>) => void): TransformStream<T, R> =>
  new TransformStream<T, R>({ transform: f, ...(flush === undefined ? {} : { flush }) }, strategy, strategy)

const mapping = <T, R>(f: (x: T) => R): TransformStream<T, R> => transform((x, c) => c.enqueue(f(x)))

/** Pipes a stream into a folding WritableStream and resolves with the fold. */
async function fold<T, A>(stream: ReadableStream<T>, zero: A, f: (acc: A, x: T) => A): Promise<A> {
  let acc = zero
  await stream.pipeTo(
    new WritableStream<T>(
      {
        write(x) {
          acc = f(acc, x)
        },
      },
      strategy,
    ),
  )
  return acc
}

function grouping<T>(size: number): TransformStream<T, T[]> {
  let group: T[] = []
  return transform<T, T[]>(
    (x, c) => {
      group.push(x)
      if (group.length < size) return
      c.enqueue(group)
      group = []
    },
    (c) => {
      if (group.length > 0) c.enqueue(group)
    },
  )
}

const s1 = (): Promise<number> =>
  fold(
    range(0, S1.n)
      .pipeThrough(mapping((x: number) => x * 2))
      .pipeThrough(transform<number, number>((x, c) => (x % 3 === 0 ? c.enqueue(x) : undefined)))
      .pipeThrough(scanning(0, add)),
    0,
    (_, x: number) => x,
  )

function scanning(zero: number, f: (acc: number, x: number) => number): TransformStream<number, number> {
  let acc = zero
  return mapping((x: number) => (acc = f(acc, x)))
}

const s2 = (): Promise<number> =>
  fold(
    range(0, S2_P1.n).pipeThrough(
      new TransformStream<number, number>(
        {
          async transform(x, controller) {
            controller.enqueue(await resolved(x))
          },
        },
        strategy,
        strategy,
      ),
    ),
    0,
    add,
  )

async function s3(): Promise<number> {
  const iterator = chunks()
  const reader = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next()
      if (next.done === true) controller.close()
      else controller.enqueue(next.value)
    },
  }).getReader()
  let acc = 0
  for (;;) {
    const next = await reader.read()
    if (next.done) return acc
    await tick()
    acc += chunkValue(next.value)
  }
}

const s5 = (): Promise<number> =>
  fold(
    range(0, S5.n)
      .pipeThrough(grouping<number>(S5.size))
      .pipeThrough(mapping((group: number[]) => group.reduce(add, 0))),
    0,
    add,
  )

/** A dozen other pipeline shapes, each run `BUSY.rounds` times, interleaved. */
async function busy(): Promise<void> {
  const r = (): ReadableStream<number> => range(0, BUSY.n)
  const count = (acc: number, g: number[]): number => acc + g.length
  const take = (n: number): TransformStream<number, number> => {
    let left = n
    return transform((x, c) => {
      if (left-- > 0) c.enqueue(x)
      if (left <= 0) c.terminate()
    })
  }
  const drop = (n: number): TransformStream<number, number> => {
    let left = n
    return transform((x, c) => (left-- > 0 ? undefined : c.enqueue(x)))
  }
  const shapes: (() => Promise<unknown>)[] = [
    () => fold(r().pipeThrough(take(BUSY.n / 2)), 0, add),
    () => fold(r().pipeThrough(drop(10)), 0, add),
    () => fold(r().pipeThrough(transform<number, number>((x, c) => (x < BUSY.n / 2 ? c.enqueue(x) : undefined))), 0, add),
    () => fold(r().pipeThrough(transform<number, number>((x, c) => (c.enqueue(x), c.enqueue(x)))), 0, add),
    () => fold(r().pipeThrough(grouping<number>(10)), 0, count),
    () => fold(r().pipeThrough(grouping<number>(3)).pipeThrough(mapping((g: number[]) => g.length)), 0, add),
    () => fold(r().pipeThrough(scanning(0, add)), 0, (_, x: number) => x),
    () => fold(r().pipeThrough(mapping((x: number) => x + 1)).pipeThrough(mapping((x: number) => x * 3)), 0, add),
    () => Promise.all(r().tee().map((branch) => fold(branch, 0, add))),
    async () => {
      const reader = r().getReader()
      let acc = 0
      for (let next = await reader.read(); !next.done; next = await reader.read()) acc += next.value
      return acc
    },
    () => fold(r().pipeThrough(drop(5)).pipeThrough(take(500)), 0, add),
    () => fold(r().pipeThrough(transform<number, number>((x, c) => (c.enqueue(x), c.enqueue(0)))).pipeThrough(take(1000)), 0, add),
  ]
  for (let round = 0; round < BUSY.rounds; round++) for (const shape of shapes) await shape()
}

export const cases: BenchCase[] = [
  // About 10 µs per element through three TransformStreams: a pass of S1 takes seconds.
  { ...S1, library, timeoutMs: 180_000, run: s1 },
  { ...S1_BUSY, library, timeoutMs: 180_000, setup: busy, run: s1 },
  { ...S2_P1, library, run: s2 },
  { ...S3, library, measureHeap: true, run: s3 },
  { ...S5, library, timeoutMs: 180_000, run: s5 },
]

export const notApplicable: NotApplicable[] = [
  { ...S2_P8, library, reason: 'a TransformStream handles one chunk at a time; the standard has no concurrent transform' },
  { ...S4, library, reason: 'the standard has no merge of several ReadableStreams' },
]
