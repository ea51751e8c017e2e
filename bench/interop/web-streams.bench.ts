/**
 * Issue 6's WHATWG streams benchmark: a ReadableStream -> map -> a WritableStream through sluice
 * (`Source.fromReadableStream(...).map(f).runWith(Sink.toWritableStream(...))`) against
 * `readable.pipeThrough(new TransformStream(...)).pipeTo(writable)`, beside a plain loop (the
 * baseline). Also `source.toReadableStream()` read by a reader against a ReadableStream whose
 * `pull` enqueues the same elements.
 */
import { Sink, Source } from '../../src/index.js'
import { runSuite } from '../lib.js'

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

async function pipeThrough(): Promise<number> {
  const { writable, result } = summing()
  await numbers()
    .pipeThrough(
      new TransformStream<number, number>({
        transform(x, controller) {
          controller.enqueue(f(x))
        },
      }),
    )
    .pipeTo(writable)
  return result()
}

async function sluice(): Promise<number> {
  const { writable, result } = summing()
  await Source.fromReadableStream(numbers()).map(f).runWith(Sink.toWritableStream(writable))
  return result()
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

export default async function (): Promise<void> {
  await runSuite({
    title: 'ReadableStream -> map -> WritableStream',
    elements: N,
    cases: [
      { name: 'plain loop', run: plainLoop, baseline: true },
      { name: 'pipeThrough(TransformStream).pipeTo', run: pipeThrough },
      { name: 'sluice from…/map/toWritableStream', run: sluice },
    ],
  })
  await runSuite({
    title: 'source -> ReadableStream, read by a reader',
    elements: N,
    cases: [
      { name: 'plain loop', run: plainLoop, baseline: true },
      { name: 'pull stream + TransformStream', run: () => readAll(numbers().pipeThrough(new TransformStream<number, number>({ transform: (x, c) => c.enqueue(f(x)) }))) },
      { name: `sluice toReadableStream(hwm ${HWM})`, run: () => readAll(Source.range(0, N).map(f).toReadableStream({ highWaterMark: HWM })) },
    ],
  })
}
