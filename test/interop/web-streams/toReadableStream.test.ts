import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { elements } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'
import { macrotask } from '../../support/macrotask.js'

describe('source.toReadableStream', () => {
  it('gives the elements unchanged and in order, never pulling more than highWaterMark ahead of the reader', async () => {
    await fc.assert(
      fc.asyncProperty(
        elements(fc.integer(), { maxLength: 25 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        async (xs, highWaterMark, pauses) => {
          let produced = 0
          const stream = Source.from(xs)
            .map((x) => {
              produced++
              return x
            })
            .toReadableStream({ highWaterMark })
          const reader = stream.getReader()
          const seen: number[] = []
          for (let i = 0; ; i++) {
            const r = await reader.read()
            if (r.done) break
            seen.push(r.value)
            if (pauses[i] === true) await settle()
            expect(produced - seen.length).toBeLessThanOrEqual(highWaterMark)
          }
          await settle()
          expect(seen).toEqual(xs)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('pulls nothing until read when highWaterMark is 0', async () => {
    let pulled = 0
    const readable = Source.repeat(1)
      .map((x) => {
        pulled++
        return x
      })
      .toReadableStream({ highWaterMark: 0 })
    await settle()
    expect(pulled).toBe(0)
    const reader = readable.getReader()
    expect(await reader.read()).toEqual({ done: false, value: 1 })
    await settle()
    expect(pulled).toBe(1)
    await reader.cancel()
  })

  it('cancelling the stream cancels the run with the reason (here: all the way to an inner stream)', async () => {
    let reason: unknown = 'not cancelled'
    const inner = new ReadableStream<number>({
      pull: (c) => c.enqueue(1),
      cancel: (r) => void (reason = r),
    })
    const reader = Source.fromReadableStream(inner).toReadableStream({ highWaterMark: 1 }).getReader()
    expect(await reader.read()).toEqual({ done: false, value: 1 })
    await reader.cancel('no more')
    await settle()
    expect(reason).toBe('no more')
  })

  it('errors the stream when the run fails', async () => {
    const boom = new Error('boom')
    const reader = Source.failed<number>(boom).toReadableStream().getReader()
    await expect(reader.read()).rejects.toBe(boom)
  })

  it('rejects a bad highWaterMark at build time', () => {
    expect(() => Source.single(1).toReadableStream({ highWaterMark: -1 })).toThrow(
      'toReadableStream(options.highWaterMark): expected a finite non-negative number, got -1',
    )
  })

  it('keeps memory bounded when a fast source meets a slow reader (500 MB, highWaterMark 4)', async () => {
    const memory = new MemoryProbe()
    const stream = Source.unfold(0, (n) => (n < 500 ? [n + 1, Buffer.allocUnsafe(MB)] : undefined)).toReadableStream({ highWaterMark: 4 })
    let count = 0
    for await (const chunk of stream as unknown as AsyncIterable<Buffer>) {
      expect(chunk.length).toBe(MB)
      await macrotask()
      if (++count % 100 === 0) memory.sample()
    }
    expect(count).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
