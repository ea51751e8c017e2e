import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromReadable } from '../../../src/interop/node-streams/index.js'
import { demandSchedule, elements, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'
import { slowSink } from '../support/slowSink.js'

/** An object-mode Readable over `xs` that pushes one element per `_read`. */
function objects<T>(xs: readonly T[], highWaterMark: number): { readable: Readable; pushed: () => number } {
  let i = 0
  const readable = new Readable({
    objectMode: true,
    highWaterMark,
    read() {
      this.push(i < xs.length ? xs[i++] : null)
    },
  })
  return { readable, pushed: () => i }
}

describe('fromReadable', () => {
  it('emits the objects unchanged and in order, reading ahead no more than the Readable buffers', async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), demandSchedule({ maxPause: 0 }), async (xs, hwm, schedule) => {
        const { readable, pushed } = objects(xs, hwm)
        const run = await runScheduled(fromReadable<number>(readable), schedule, { stallAfter: 10 })
        expect(run.violations).toEqual([])
        expect(run.elements).toEqual(xs.slice(0, run.elements.length))
        if (run.outcome === 'completed') expect(run.elements).toEqual(xs)
        else expect(pushed() - run.elements.length).toBeLessThanOrEqual(hwm + 1) // Node's own buffer, and nothing more
        if (run.outcome === 'cancelled') expect(readable.destroyed).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('delivers the bytes unchanged and in order in byte mode, one element per chunk as pushed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 50 }), { maxLength: 15 }), demandSchedule({ maxPause: 2 }), async (chunks, schedule) => {
        const readable = Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false })
        const run = await runScheduled(fromReadable<Buffer>(readable), schedule, { stallAfter: 10 })
        expect(run.violations).toEqual([])
        const expected = chunks.map((c) => Buffer.from(c))
        expect(run.elements).toEqual(expected.slice(0, run.elements.length))
        if (run.outcome === 'completed') expect(run.elements).toEqual(expected)
      }),
      { numRuns: 50 },
    )
  })

  it('leaves the Readable paused and stops reading from it while there is no demand', async () => {
    let reads = 0
    const readable = new Readable({
      objectMode: true,
      highWaterMark: 4,
      read() {
        reads++
        this.push(reads)
      },
    })
    const probe = fromReadable<number>(readable).runWith(TestSink.probe<number>())
    await settle(3)
    expect(readable.isPaused()).toBe(true)
    expect(readable.readableFlowing).toBe(false)
    const before = reads
    expect(before).toBeLessThanOrEqual(5) // Node filled its own buffer, up to highWaterMark
    await settle(3)
    expect(reads).toBe(before)
    probe.request(2)
    await probe.expectNext(1, 2)
    await settle(3)
    expect(reads - 2).toBeLessThanOrEqual(5)
    probe.cancel()
    await settle()
    expect(readable.destroyed).toBe(true)
  })

  it('lets timers run while a Readable that never waits flows into a synchronous consumer', async () => {
    // In flowing mode the stream runs inside Node's flow loop while it has demand; the run must
    // still give the host a turn after a time slice (it then holds the chunk and pauses).
    const N = 300_000
    const { readable } = objects(Array.from({ length: N }, (_, i) => i), 16)
    let ticks = 0
    let seenAtFirstTick = -1
    let seen = 0
    const timer = setInterval(() => {
      if (ticks++ === 0) seenAtFirstTick = seen
    }, 0)
    try {
      const sum = await fromReadable<number>(readable)
        .map((x) => {
          seen++
          // some work per element, so that the run outlasts a few slices on a fast machine
          let y = x
          for (let k = 0; k < 50; k++) y = (y * 31 + k) % 1_000_003
          return y >= 0 ? x : -x
        })
        .runFold(0, (a, x) => a + x)
      expect(sum).toBe((N * (N - 1)) / 2)
      expect(ticks).toBeGreaterThan(0)
      expect(seenAtFirstTick).toBeGreaterThan(0)
      expect(seenAtFirstTick).toBeLessThan(N) // the timer ran while the stream was flowing, not after it
    } finally {
      clearInterval(timer)
    }
  })

  it('destroys the Readable when downstream cancels', async () => {
    const { readable } = objects([1, 2, 3, 4, 5], 2)
    expect(await fromReadable<number>(readable).take(2).runCollect()).toEqual([1, 2])
    await settle()
    expect(readable.destroyed).toBe(true)
    expect(readable.listenerCount('data')).toBe(0)
    expect(readable.listenerCount('readable')).toBe(0)
  })

  it("fails with the Readable's 'error'", async () => {
    const boom = new Error('EIO')
    const readable = new Readable({
      read() {
        this.destroy(boom)
      },
    })
    await expect(fromReadable(readable).runCollect()).rejects.toBe(boom)
  })

  it('fails when the Readable closes before it ended', async () => {
    const readable = new Readable({ read() {} })
    const done = fromReadable(readable).runCollect()
    await settle()
    readable.destroy()
    await expect(done).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
  })

  it('rejects what is not a Readable', () => {
    expect(() => fromReadable({} as never)).toThrow('fromReadable(readable): expected a Node Readable')
  })

  it('keeps memory bounded: 500 MB from a fast Readable through a slow sink', async () => {
    let produced = 0
    const readable = new Readable({
      read() {
        this.push(produced++ < 500 ? Buffer.allocUnsafe(MB) : null)
      },
    })
    const memory = new MemoryProbe()
    let bytes = 0
    const count = await fromReadable<Buffer>(readable).runWith(
      slowSink<Buffer>((chunk, i) => {
        bytes += chunk.length
        expect(chunk.length).toBe(MB) // one chunk per element, as pushed
        expect(produced - (i + 1)).toBeLessThanOrEqual(2) // Node's read-ahead: one chunk, and one being handed over
        if (i % 100 === 0) memory.sample()
      }),
    )
    expect(count).toBe(500)
    expect(bytes).toBe(500 * MB)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
