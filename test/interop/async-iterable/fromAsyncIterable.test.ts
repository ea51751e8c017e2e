import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { demandSchedule, elements, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'
import { slowSink } from '../support/slowSink.js'

/** An async iterable over `xs` that counts `next()` calls and records `return()`. */
function counted<T>(xs: readonly T[]): { iterable: AsyncIterable<T>; nexts: () => number; returned: () => boolean } {
  let nexts = 0
  let returned = false
  const iterable: AsyncIterable<T> = {
    [Symbol.asyncIterator]() {
      let i = 0
      return {
        next: async () => {
          nexts++
          return i < xs.length ? { done: false, value: xs[i++]! } : { done: true, value: undefined }
        },
        return: async () => {
          returned = true
          return { done: true, value: undefined }
        },
      }
    },
  }
  return { iterable, nexts: () => nexts, returned: () => returned }
}

describe('Source.fromAsyncIterable (interop)', () => {
  it('emits the elements unchanged and in order and calls next() only on demand, under random demand', async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 20 }), demandSchedule({ maxPause: 0 }), async (xs, schedule) => {
        const { iterable, nexts, returned } = counted(xs)
        const run = await runScheduled(Source.fromAsyncIterable(iterable), schedule, { stallAfter: 10 })
        expect(run.violations).toEqual([])
        expect(run.elements).toEqual(xs.slice(0, run.elements.length))
        // one next() per pull: every element asked for, plus the one that found `done`
        expect(nexts()).toBeLessThanOrEqual(Math.min(run.requested, xs.length + 1))
        if (run.outcome === 'completed') expect(run.elements).toEqual(xs)
        if (run.outcome === 'cancelled' && nexts() <= xs.length) expect(returned()).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('calls return() when downstream cancels', async () => {
    const { iterable, returned } = counted([1, 2, 3, 4])
    expect(await Source.fromAsyncIterable(iterable).take(2).runCollect()).toEqual([1, 2])
    await settle()
    expect(returned()).toBe(true)
  })

  it('calls return() when the run fails downstream', async () => {
    const { iterable, returned } = counted([1, 2, 3, 4])
    const boom = new Error('downstream')
    await expect(
      Source.fromAsyncIterable(iterable)
        .map((x) => {
          if (x === 2) throw boom
          return x
        })
        .runWith(Sink.ignore()),
    ).rejects.toBe(boom)
    await settle()
    expect(returned()).toBe(true)
  })

  it('fails with the error next() rejects with, and does not call return() on a failed iterator', async () => {
    const boom = new Error('source')
    let returned = false
    const iterable: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(boom),
        return: async () => {
          returned = true
          return { done: true, value: undefined }
        },
      }),
    }
    const probe = Source.fromAsyncIterable(iterable).runWith(TestSink.probe<number>())
    probe.request(1)
    expect(await probe.expectError()).toBe(boom)
    expect(returned).toBe(false)
  })

  it('keeps memory bounded: an async generator of 500 MB is advanced only as fast as a slow sink consumes', async () => {
    let generated = 0
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 500; i++) {
        generated++
        yield Buffer.allocUnsafe(MB)
      }
    }
    const memory = new MemoryProbe()
    const count = await Source.fromAsyncIterable(chunks()).runWith(
      slowSink<Buffer>((chunk, i) => {
        expect(chunk.length).toBe(MB)
        expect(generated - (i + 1)).toBeLessThanOrEqual(1) // the generator is at most one element ahead
        if (i % 64 === 0) memory.sample()
      }),
    )
    expect(count).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
