import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { alsoToAll } from '../../../src/operators/fan-out/alsoToAll.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, RUNS, tracked, trackedEndless } from '../../support/operators.js'

describe('alsoToAll', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          const run = await runScheduled(Source.from(xs).via(alsoToAll(Sink.ignore(), Sink.ignore())), schedule)
          expectClean(run)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('downstream and every sink see the input (the sinks all of it when downstream takes all)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.integer({ min: 0, max: 3 }), async (xs, n) => {
          const seen: number[][] = Array.from({ length: n }, () => [])
          const sinks = seen.map((into) => Sink.forEach((x: number) => into.push(x)))
          expect(await Source.from(xs).alsoToAll(...sinks).runCollect()).toEqual(xs)
          for (const s of seen) expect(s).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          expectModel(await runScheduled(Source.from(xs).via(alsoToAll(Sink.ignore())), schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects what is not a sink at build time', () => {
      expectBuildError(() => alsoToAll(Sink.ignore(), 3 as never), TypeError, 'alsoToAll(sinks): expected a Sink at position 1, got 3')
    })

    it('is paced by the slowest sink', async () => {
      const slow: number[] = []
      const out = await Source.range(1, 3)
        .alsoToAll(Sink.ignore(), Sink.forEachAsync(1, async (x: number) => void (await new Promise((r) => setTimeout(r, 2)), slow.push(x))))
        .runCollect()
      expect(out).toEqual([1, 2, 3])
      expect(slow.length).toBeGreaterThanOrEqual(2)
    })

    it('passes an upstream failure to downstream and every sink', async () => {
      const boom = new Error('boom')
      const sinks = [Sink.collect<number>(), Sink.collect<number>()]
      const results: Promise<number[]>[] = []
      const graph = Source.failed<number>(boom).alsoToAll(...sinks.map((s) => s.mapMaterializedValue((p) => (results.push(p), p))))
      expect(await graph.runCollect().catch((e: unknown) => e)).toBe(boom)
      for (const r of results) await expect(r).rejects.toBe(boom)
    })

    it('cancels upstream when a sink cancels', async () => {
      const upstream = trackedEndless()
      const err = await upstream.source
        .alsoToAll(Sink.ignore(), Sink.head())
        .runCollect()
        .catch((e: unknown) => e)
      expect(Array.isArray(err)).toBe(true)
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, failure and cancel', async () => {
      const done = tracked([1, 2])
      expectClean(await runScheduled(done.source.via(alsoToAll(Sink.ignore())), [{ request: 5 }]), 'completed')
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      expectClean(await runScheduled(failing.source.via(alsoToAll(Sink.ignore())), [{ request: 5 }]), 'failed')
      expect(failing.tracking.finallyRan).toBe(true)
      const endless = trackedEndless()
      expectClean(await runScheduled(endless.source.via(alsoToAll(Sink.ignore())), [{ request: 2 }, { cancel: true }]), 'cancelled')
      expect(endless.tracking.finallyRan).toBe(true)
    })
  })
})
