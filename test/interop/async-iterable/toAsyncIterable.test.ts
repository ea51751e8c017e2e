import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { elements, TestSource } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'

/** A source over `xs` that records how many elements were pulled from it and whether it was cancelled. */
function instrumented(xs: readonly number[]): { source: Source<number>; produced: () => number; started: () => boolean; finalized: () => boolean } {
  let produced = 0
  let started = false
  let finalized = false
  function* gen(): Generator<number> {
    started = true
    try {
      for (const x of xs) {
        produced++
        yield x
      }
    } finally {
      finalized = true
    }
  }
  return { source: Source.lazy(() => Source.fromIterable(gen())).mapMaterializedValue(() => undefined), produced: () => produced, started: () => started, finalized: () => finalized }
}

describe('toAsyncIterable / Sink.asAsyncIterable', () => {
  it('yields the elements unchanged and in order, never requesting more than prefetch ahead, and cancels upstream on an early return', async () => {
    await fc.assert(
      fc.asyncProperty(
        elements(fc.integer(), { maxLength: 30 }),
        fc.integer({ min: 0, max: 6 }),
        fc.nat(35),
        fc.array(fc.boolean(), { maxLength: 35 }),
        async (xs, prefetch, take, pauses) => {
          const { source, produced, started, finalized } = instrumented(xs)
          const iterator = source.toAsyncIterable({ prefetch })[Symbol.asyncIterator]()
          const seen: number[] = []
          for (let i = 0; i < take; i++) {
            const r = await iterator.next()
            if (r.done === true) break
            seen.push(r.value)
            if (pauses[i] === true) await settle()
            // Everything pulled and not yet consumed is buffered: at most `prefetch` of it.
            expect(produced() - seen.length).toBeLessThanOrEqual(prefetch)
          }
          await settle()
          expect(produced() - seen.length).toBeLessThanOrEqual(prefetch)
          expect(seen).toEqual(xs.slice(0, take))
          await iterator.return!()
          await settle()
          // upstream was cancelled or completed (a generator never started has no `finally` to run)
          expect(finalized()).toBe(started())
          expect(await iterator.next()).toEqual({ done: true, value: undefined })
        },
      ),
      { numRuns: 100 },
    )
  })

  it('runs the source anew for each loop', async () => {
    let runs = 0
    const iterable = Source.lazy(() => {
      runs++
      return Source.range(1, 3)
    }).toAsyncIterable()
    expect(runs).toBe(0)
    const all: number[][] = []
    for (let i = 0; i < 2; i++) {
      const xs: number[] = []
      for await (const x of iterable) xs.push(x)
      all.push(xs)
    }
    expect(all).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ])
    expect(runs).toBe(2)
  })

  it('cancels upstream when the loop is left with break', async () => {
    const [probe, iterator] = TestSource.probe<number>().toMat(Sink.asAsyncIterable<number>({ prefetch: 2 }), Keep.both).run()
    const seen: number[] = []
    probe.sendNext(1).sendNext(2).sendNext(3)
    for await (const x of iterator) {
      seen.push(x)
      if (x === 2) break
    }
    expect(seen).toEqual([1, 2])
    await probe.expectCancellation()
  })

  it('throws the upstream failure in the loop after the buffered elements', async () => {
    const boom = new Error('boom')
    const [probe, iterator] = TestSource.probe<number>().toMat(Sink.asAsyncIterable<number>({ prefetch: 4 }), Keep.both).run()
    probe.sendNext(1).sendNext(2).sendError(boom)
    await settle()
    expect(await iterator.next()).toEqual({ done: false, value: 1 })
    expect(await iterator.next()).toEqual({ done: false, value: 2 })
    await expect(iterator.next()).rejects.toBe(boom)
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
  })

  it('with prefetch 0 pulls only while next() waits', async () => {
    const [probe, iterator] = TestSource.probe<number>().toMat(Sink.asAsyncIterable<number>({ prefetch: 0 }), Keep.both).run()
    await probe.expectNoRequest(5)
    const first = iterator.next()
    expect(await probe.expectRequest()).toBe(1)
    probe.sendNext(7)
    expect(await first).toEqual({ done: false, value: 7 })
    await probe.expectNoRequest(5)
    const results = [iterator.next(), iterator.next()] // two waiting next() calls: two elements asked for
    await probe.expectRequest()
    probe.sendNext(8)
    await probe.expectRequest()
    probe.sendNext(9).sendComplete()
    expect(await Promise.all(results)).toEqual([
      { done: false, value: 8 },
      { done: false, value: 9 },
    ])
    expect(await iterator.next()).toEqual({ done: true, value: undefined })
  })

  it('throw() cancels upstream with the error as the cause', async () => {
    const [probe, iterator] = TestSource.probe<number>().toMat(Sink.asAsyncIterable<number>(), Keep.both).run()
    const cause = new Error('stop')
    await expect(iterator.throw!(cause)).rejects.toBe(cause)
    expect(await probe.expectCancellation()).toBe(cause)
  })

  it('rejects a bad prefetch at build time', () => {
    expect(() => Source.range(1, 2).toAsyncIterable({ prefetch: -1 })).toThrow('asAsyncIterable(options.prefetch): expected a non-negative integer, got -1')
    expect(() => Sink.asAsyncIterable({ prefetch: 1.5 })).toThrow('asAsyncIterable(options.prefetch): expected a non-negative integer, got 1.5')
  })

  it('keeps memory bounded when a fast source meets a slow loop (500 MB, prefetch 8)', async () => {
    const memory = new MemoryProbe()
    let i = 0
    const source = Source.unfold(0, (n) => (n < 500 ? [n + 1, Buffer.allocUnsafe(MB)] : undefined))
    for await (const chunk of source.toAsyncIterable({ prefetch: 8 })) {
      expect(chunk.length).toBe(MB)
      await new Promise<void>((resolve) => setImmediate(resolve)) // the slow consumer
      if (++i % 64 === 0) memory.sample()
    }
    expect(i).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
