/**
 * sluice's WHATWG streams adapters (ported from issue 6's benchmark): a ReadableStream -> map ->
 * a WritableStream through sluice (`Source.fromReadableStream(...).map(f).runWith(Sink.toWritableStream(...))`)
 * against `readable.pipeThrough(new TransformStream(...)).pipeTo(writable)`; and
 * `source.toReadableStream()` read by a reader against a ReadableStream whose `pull` enqueues the
 * same elements through a TransformStream. The baseline is a plain loop over the same data.
 */
import type { BenchCase } from '../../harness/BenchCase.js'
import { Sink, Source } from '../../../src/index.js'

const N = 100_000
const HWM = 16
const f = (x: number): number => x * 2

function numbers(): ReadableStream<number> {
  let i = 0
  return new ReadableStream<number>(
    {
      pull(controller) {
        // fill the queue up to highWaterMark per pull, as a fast producer would
        while ((controller.desiredSize ?? 0) > 0 && i < N) controller.enqueue(i++)
        if (i >= N) controller.close()
      },
    },
    { highWaterMark: HWM },
  )
}

function summing(): { writable: WritableStream<number>; result: () => number } {
  let sum = 0
  const writable = new WritableStream<number>(
    {
      write(x) {
        sum += x
      },
    },
    { highWaterMark: HWM },
  )
  return { writable, result: () => sum }
}

function plainLoop(): number {
  let sum = 0
  for (let i = 0; i < N; i++) sum += f(i)
  return sum
}

async function readAll(stream: ReadableStream<number>): Promise<number> {
  const reader = stream.getReader()
  let sum = 0
  for (;;) {
    const r = await reader.read()
    if (r.done) return sum
    sum += r.value
  }
}

const mapping = (): TransformStream<number, number> => new TransformStream<number, number>({ transform: (x, controller) => controller.enqueue(f(x)) })
const pipe = { scenario: 'interop.web.pipe', title: `ReadableStream (${N.toLocaleString('en')}) -> map -> WritableStream` }
const read = { scenario: 'interop.web.read', title: `a source (${N.toLocaleString('en')}) as a ReadableStream, read by a reader` }

export const cases: BenchCase[] = [
  { ...pipe, library: 'plain loop', baseline: true, run: plainLoop },
  {
    ...pipe,
    library: 'web streams',
    run: async () => {
      const { writable, result } = summing()
      await numbers().pipeThrough(mapping()).pipeTo(writable)
      return result()
    },
  },
  {
    ...pipe,
    library: 'sluice',
    run: async () => {
      const { writable, result } = summing()
      await Source.fromReadableStream(numbers()).map(f).runWith(Sink.toWritableStream(writable))
      return result()
    },
  },
  { ...read, library: 'plain loop', baseline: true, run: plainLoop },
  { ...read, library: 'web streams', run: () => readAll(numbers().pipeThrough(mapping())) },
  { ...read, library: 'sluice', run: () => readAll(Source.range(0, N).map(f).toReadableStream({ highWaterMark: HWM })) },
]
