import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BroadcastHub, Source } from '../../src/index.js'
import { TestSink } from '../../src/testkit/index.js'
import { expectBuildError } from '../support/operators.js'
import { input, nexts, RUNS, settle } from '../support/graphs.js'

describe('BroadcastHub', () => {
  // 2. model
  it('gives every consumer attached from the start the whole stream', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 30 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 8 }), async (xs, n, size) => {
        const hub = Source.from(xs).runWith(BroadcastHub.sink<number>(size, { startAfterConsumers: n }))
        const outs = Array.from({ length: n }, () => hub.runCollect())
        for (const out of await Promise.all(outs)) expect(out).toEqual(xs)
      }),
      { numRuns: RUNS },
    ))

  // 1. demand: the slowest consumer backpressures the producer
  it('never lets the producer run more than bufferSize ahead of the slowest consumer', () =>
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 5 })), { maxLength: 10 }), async (size, script) => {
        const inp = input({ elements: Array.from({ length: 60 }, (_, i) => i), end: 'never' })
        const hub = inp.source.runWith(BroadcastHub.sink<number>(size, { startAfterConsumers: 2 }))
        const probes = [hub.runWith(TestSink.probe<number>()), hub.runWith(TestSink.probe<number>())]
        for (const [k, n] of script) {
          probes[k]!.request(n)
          await settle(2)
          const slowest = Math.min(...probes.map((p) => nexts(p).length))
          expect(inp.stats.pushes).toBeLessThanOrEqual(slowest + size)
          for (const p of probes) expect(nexts(p)).toEqual(Array.from({ length: nexts(p).length }, (_, i) => i))
        }
        for (const p of probes) p.cancel()
        await settle()
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments', () => {
    expectBuildError(() => BroadcastHub.sink(0), RangeError, 'BroadcastHub.sink(bufferSize): expected a positive integer, got 0')
    expectBuildError(() => BroadcastHub.sink(2, { startAfterConsumers: -1 }), RangeError, 'BroadcastHub.sink(options.startAfterConsumers): expected a non-negative integer, got -1')
  })

  it('does not pull the producer before startAfterConsumers consumers attached', async () => {
    const inp = input([1, 2, 3])
    const hub = inp.source.runWith(BroadcastHub.sink<number>(4, { startAfterConsumers: 2 }))
    const first = hub.runCollect()
    await settle()
    expect(inp.stats.pulls).toBe(0)
    const second = hub.runCollect()
    expect(await first).toEqual([1, 2, 3])
    expect(await second).toEqual([1, 2, 3])
  })

  it('starts a late consumer at the current position; the others go on when one leaves', async () => {
    const inp = input({ elements: Array.from({ length: 20 }, (_, i) => i), end: 'never' })
    const hub = inp.source.runWith(BroadcastHub.sink<number>(4))
    const a = hub.runWith(TestSink.probe<number>())
    a.request(5)
    await a.expectNext(0, 1, 2, 3, 4)
    await settle()
    const late = hub.runWith(TestSink.probe<number>())
    await settle()
    late.request(2)
    a.request(10)
    await settle()
    const lateGot = nexts(late)
    expect(lateGot.length).toBe(2)
    expect(lateGot[0]).toBeGreaterThan(4) // nothing a had read before it joined
    expect(lateGot[1]).toBe(lateGot[0]! + 1)
    late.cancel() // leaving frees the window: a goes on
    await settle()
    a.request(5)
    await settle()
    expect(nexts(a)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    a.cancel()
  })

  it('keeps elements produced while nobody listens (up to bufferSize) for the next consumer', async () => {
    const hub = Source.from([1, 2, 3]).runWith(BroadcastHub.sink<number>(8))
    await settle()
    expect(await hub.runCollect()).toEqual([1, 2, 3])
  })

  it('lets consumers read what is left before failing them with the producer failure', async () => {
    const boom = new Error('boom')
    const hub = input({ elements: [1, 2], end: 'fail', error: boom }).source.runWith(BroadcastHub.sink<number>(8))
    const probe = hub.runWith(TestSink.probe<number>())
    probe.request(5)
    await probe.expectNext(1, 2)
    expect(await probe.expectError()).toBe(boom)
  })

  // 4. cleanup
  it('completes consumers that attach after the producer completed, with what is left', async () => {
    const hub = Source.from([1]).runWith(BroadcastHub.sink<number>(2))
    await settle()
    expect(await hub.runCollect()).toEqual([1])
    expect(await hub.runCollect()).toEqual([])
  })
})
