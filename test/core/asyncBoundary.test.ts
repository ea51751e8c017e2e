/**
 * `.async()`: an async boundary between two islands asks for demand in batches (the whole
 * buffer first, then half of it at a time, never one element at a time) and neither loses nor
 * reorders elements.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Source } from '../../src/index.js'
import { demandSchedule, runScheduled, TestSink, TestSource } from '../../src/testkit/index.js'
import { ManualPublisher, settle } from '../support/spec.js'

describe('async boundary', () => {
  for (const bufferSize of [undefined, 1, 4, 16, 32]) {
    const size = bufferSize ?? 16
    const half = Math.max(1, size >> 1)
    it(`with bufferSize ${String(bufferSize)}: fills the buffer first, then refills in batches of at least half of it`, async () => {
      const n = 200
      let produced = 0
      const upstream = Source.range(0, n).map((x) => {
        produced++
        return x
      })
      const boundary = bufferSize === undefined ? upstream.async() : upstream.async({ bufferSize })
      // what upstream had produced when each element reached the downstream island
      const producedAt: number[] = []
      await boundary.runForEach(() => {
        producedAt.push(produced)
      })
      expect(producedAt).toHaveLength(n)
      producedAt.forEach((p, consumedBefore) => expect(p - consumedBefore).toBeLessThanOrEqual(size))
      // upstream ran ahead by a whole buffer before the first element crossed ...
      expect(producedAt[0]).toBe(Math.min(size, n))
      // ... and after that moved only in batches of at least half the buffer (the last may be short)
      const batches: number[] = []
      for (let i = 1; i < n; i++) if (producedAt[i]! > producedAt[i - 1]!) batches.push(producedAt[i]! - producedAt[i - 1]!)
      expect(batches.slice(0, -1).every((d) => d >= half)).toBe(true)
      if (size > 1) expect(batches.includes(1) && batches.indexOf(1) !== batches.length - 1).toBe(false)
    })
  }

  it('the Subscriber behind a boundary requests the buffer size first, then half of it at a time', async () => {
    const pub = new ManualPublisher<number>()
    const done = Source.fromPublisher(pub, { bufferSize: 8 }).runCollect()
    await settle()
    expect(pub.requests).toEqual([8])
    for (let i = 0; i < 40; i++) {
      if (pub.demand > 0) pub.next(i)
      await settle(1)
    }
    pub.complete()
    expect(await done).toHaveLength(40)
    expect(pub.requests[0]).toBe(8)
    expect(pub.requests.slice(1).every((n) => n >= 4)).toBe(true)
    expect(pub.requests.includes(1)).toBe(false)
  })

  it('neither loses nor reorders elements under random demand (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        demandSchedule({ maxPause: 0 }),
        async (elements, b1, b2, schedule) => {
          const source = Source.from(elements).async({ bufferSize: b1 }).map((x) => x).async({ bufferSize: b2 })
          const run = await runScheduled(source, schedule)
          expect(run.violations).toEqual([])
          expect(run.elements).toEqual(elements.slice(0, run.elements.length))
          if (run.outcome !== 'cancelled') {
            expect(run.outcome).toBe('completed')
            expect(run.elements).toEqual(elements)
          }
        },
      ),
      { numRuns: 80 },
    )
  })

  // Completion follows the last buffered element at once, with no further pull.
  it('signals completion without further demand once the last element crossed', async () => {
    const [up, down] = TestSource.probe<number>().async().toMat(TestSink.probe<number>({ timeoutMs: 100 }), Keep.both).run()
    up.sendNext(1).sendComplete()
    await down.expectNoMessage(20) // let both signals cross before anything is asked for
    down.request(1)
    await down.expectNext(1)
    await down.expectComplete()
  })

  it('carries a failure across the boundary after the elements before it', async () => {
    const boom = new Error('boom')
    const seen: number[] = []
    const done = Source.from([1, 2, 3])
      .map((x) => {
        if (x === 3) throw boom
        return x
      })
      .async()
      .runForEach((x) => seen.push(x))
    await expect(done).rejects.toBe(boom)
    expect(seen).toEqual([1, 2])
  })

  it('carries a cancellation upstream across the boundary', async () => {
    let finalized = false
    function* gen(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i
      } finally {
        finalized = true
      }
    }
    expect(await Source.fromIterable(gen()).async().take(3).runCollect()).toEqual([0, 1, 2])
    await settle()
    expect(finalized).toBe(true)
  })
})
