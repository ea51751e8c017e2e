import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { elements, TestSource } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'
import { macrotask } from '../../support/macrotask.js'

describe('Sink.toWritableStream', () => {
  it('writes the elements unchanged and in order, never more than highWaterMark ahead of the underlying sink', async () => {
    await fc.assert(
      fc.asyncProperty(
        elements(fc.integer(), { maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { maxLength: 30 }),
        async (xs, highWaterMark, slow) => {
          let produced = 0
          let written = 0
          const seen: number[] = []
          const excess: number[] = []
          const stream = new WritableStream<number>(
            {
              async write(x) {
                excess.push(produced - written)
                seen.push(x)
                if (slow[written] === true) await settle()
                written++
              },
            },
            { highWaterMark },
          )
          await Source.from(xs)
            .map((x) => {
              produced++
              return x
            })
            .runWith(Sink.toWritableStream(stream))
          expect(seen).toEqual(xs)
          // pulled and not yet written: the stream's queue, including the write in progress
          for (const e of excess) expect(e).toBeLessThanOrEqual(highWaterMark)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('closes the stream when upstream completes and resolves after close', async () => {
    const events: string[] = []
    const stream = new WritableStream<number>({
      write: (x) => void events.push(`write ${x}`),
      close: async () => {
        await settle()
        events.push('closed')
      },
    })
    await Source.range(1, 2).runWith(Sink.toWritableStream(stream))
    expect(events).toEqual(['write 1', 'write 2', 'closed'])
  })

  it('aborts the stream with the error when upstream fails, and rejects', async () => {
    const boom = new Error('upstream')
    let aborted: unknown = null
    const stream = new WritableStream<number>({ abort: (reason) => void (aborted = reason) })
    await expect(Source.failed<number>(boom).runWith(Sink.toWritableStream(stream))).rejects.toBe(boom)
    await settle()
    expect(aborted).toBe(boom)
  })

  it('cancels upstream with the error when the stream errors, and rejects', async () => {
    const boom = new Error('disk full')
    const stream = new WritableStream<number>({
      write(x) {
        if (x === 2) throw boom
      },
    })
    const [probe, done] = TestSource.probe<number>().toMat(Sink.toWritableStream(stream), Keep.both).run()
    await probe.expectRequest()
    probe.sendNext(1)
    await probe.expectRequest()
    probe.sendNext(2)
    expect(await probe.expectCancellation()).toBe(boom)
    await expect(done).rejects.toBe(boom)
  })

  it('fails when the stream is already locked', async () => {
    const stream = new WritableStream<number>()
    stream.getWriter()
    await expect(Source.single(1).runWith(Sink.toWritableStream(stream))).rejects.toBeInstanceOf(TypeError)
  })

  it('rejects what is not a WritableStream', () => {
    expect(() => Sink.toWritableStream({} as never)).toThrow('toWritableStream(stream): expected a WritableStream')
  })

  it('keeps memory bounded from a fast ReadableStream through sluice to a slow WritableStream (500 MB)', async () => {
    let produced = 0
    const readable = new ReadableStream<Buffer>({
      pull(controller) {
        if (produced++ < 500) controller.enqueue(Buffer.allocUnsafe(MB))
        else controller.close()
      },
    })
    const memory = new MemoryProbe()
    let written = 0
    const writable = new WritableStream<number>(
      {
        async write() {
          await macrotask()
          if (++written % 100 === 0) memory.sample()
        },
      },
      { highWaterMark: 4 },
    )
    await Source.fromReadableStream(readable)
      .map((chunk) => chunk.length)
      .runWith(Sink.toWritableStream(writable))
    expect(written).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
