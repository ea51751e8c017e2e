import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { demandSchedule, elements, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'
import { slowSink } from '../support/slowSink.js'

/** A ReadableStream over `xs` that enqueues only when pulled (highWaterMark 0: only for a waiting read). */
function pulled<T>(xs: readonly T[]): { stream: ReadableStream<T>; pulls: () => number; cancelled: () => { reason: unknown } | null } {
  let pulls = 0
  let i = 0
  let cancelled: { reason: unknown } | null = null
  const stream = new ReadableStream<T>(
    {
      pull(controller) {
        pulls++
        if (i < xs.length) controller.enqueue(xs[i++]!)
        else controller.close()
      },
      cancel(reason) {
        cancelled = { reason }
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulls: () => pulls, cancelled: () => cancelled }
}

describe('Source.fromReadableStream', () => {
  it('emits the chunks unchanged and in order, reading only what downstream asked for', async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 20 }), demandSchedule({ maxPause: 0 }), async (xs, schedule) => {
        const { stream, pulls, cancelled } = pulled(xs)
        const run = await runScheduled(Source.fromReadableStream(stream), schedule, { stallAfter: 10 })
        expect(run.violations).toEqual([])
        expect(run.elements).toEqual(xs.slice(0, run.elements.length))
        if (run.outcome === 'completed') expect(run.elements).toEqual(xs)
        // one read per pull, and the stream's own pull only for a waiting read
        expect(pulls()).toBeLessThanOrEqual(Math.min(run.requested, xs.length + 1))
        if (run.outcome === 'cancelled') expect(cancelled()).not.toBeNull()
      }),
      { numRuns: 100 },
    )
  })

  it('cancels the reader when downstream cancels, and when the run fails downstream (with the error)', async () => {
    const a = pulled([1, 2, 3, 4])
    expect(await Source.fromReadableStream(a.stream).take(2).runCollect()).toEqual([1, 2])
    await settle()
    expect(a.cancelled()).toEqual({ reason: undefined })

    const b = pulled([1, 2, 3, 4])
    const boom = new Error('downstream')
    await expect(
      Source.fromReadableStream(b.stream)
        .map(() => {
          throw boom
        })
        .runWith(Sink.ignore()),
    ).rejects.toBe(boom)
    await settle()
    expect(b.cancelled()).toEqual({ reason: boom })
  })

  it('fails with the error the stream is errored with', async () => {
    const boom = new Error('stream')
    const stream = new ReadableStream<number>({
      start(c) {
        c.enqueue(1)
        c.error(boom)
      },
    })
    const probe = Source.fromReadableStream(stream).runWith(TestSink.probe<number>())
    probe.request(2)
    expect(await probe.expectError()).toBe(boom) // errored streams drop what they queued
  })

  it('fails when the stream is already locked, and releases the lock when it completes', async () => {
    const stream = new ReadableStream<number>({ start: (c) => c.close() })
    const reader = stream.getReader()
    await expect(Source.fromReadableStream(stream).runCollect()).rejects.toThrow(TypeError)
    reader.releaseLock()
    expect(await Source.fromReadableStream(stream).runCollect()).toEqual([])
    expect(stream.locked).toBe(false)
  })

  it('rejects what is not a ReadableStream', () => {
    expect(() => Source.fromReadableStream({} as never)).toThrow('fromReadableStream(stream): expected a ReadableStream')
  })

  it('keeps memory bounded when a fast stream meets a slow sink (500 MB)', async () => {
    let produced = 0
    const stream = new ReadableStream<Buffer>({
      pull(controller) {
        if (produced++ < 500) controller.enqueue(Buffer.allocUnsafe(MB))
        else controller.close()
      },
    })
    const memory = new MemoryProbe()
    const count = await Source.fromReadableStream(stream).runWith(
      slowSink<Buffer>((_chunk, i) => {
        expect(produced - (i + 1)).toBeLessThanOrEqual(3) // the stream's queue (highWaterMark 1), a read in flight, this one
        if (i % 100 === 0) memory.sample()
      }),
    )
    expect(count).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
