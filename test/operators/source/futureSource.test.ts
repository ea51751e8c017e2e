import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { futureSource } from '../../../src/operators/source/futureSource.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS, sourceDemandLaw, tracked, trackedEndless } from '../../support/operators.js'

describe('futureSource', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      sourceDemandLaw(() => futureSource(Promise.resolve(Source.from([1, 2, 3]))), (run) => expectModel(run, [1, 2, 3])))
  })

  describe('model', () => {
    it("emits the inner source's elements, whenever the Promise resolves", async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.boolean(), demandSchedule(), async (xs, later, schedule) => {
          const inner = Source.from(xs)
          const promise = later ? new Promise<typeof inner>((resolve) => setImmediate(() => resolve(inner))) : Promise.resolve(inner)
          expectModel(await runScheduled(futureSource(promise), schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it("materializes a Promise of the inner source's value", async () => {
      const [mat, out] = Source.futureSource(Promise.resolve(Source.single(1).mapMaterializedValue(() => 'inner')))
        .toMat(Sink.collect<number>(), Keep.both)
        .run()
      expect(await mat).toBe('inner')
      expect(await out).toEqual([1])
    })

    it('completes with an empty inner source', async () => {
      const down = probeSource(futureSource(Promise.resolve(Source.empty<number>())))
      down.request(1)
      await down.expectComplete()
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => futureSource(null as never), TypeError, 'futureSource(promise): expected a Promise, got null')
      expectBuildError(() => Source.futureSource(Source.single(1) as never), TypeError, 'futureSource(promise): expected a Promise, got object')
    })

    it('fails with the rejection, a non-source value, or an inner failure; the materialized Promise rejects too', async () => {
      const boom = new Error('boom')
      const run = await runScheduled(futureSource(Promise.reject(boom)), [{ request: 1 }])
      expectClean(run, 'failed')
      expect(run.error).toBe(boom)
      const bad = await Source.futureSource(Promise.resolve(42 as never)).runCollect().catch((e: unknown) => e)
      expect(String(bad)).toBe('TypeError: futureSource: expected the Promise to resolve to a Source, got 42')
      expect(await Source.futureSource(Promise.resolve(Source.failed(boom))).runCollect().catch((e: unknown) => e)).toBe(boom)
    })
  })

  describe('cleanup', () => {
    it("releases the inner source's iterator after completion, failure and cancel", async () => {
      const done = tracked([1, 2])
      expectClean(await runScheduled(futureSource(Promise.resolve(done.source)), [{ request: 5 }]), 'completed')
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      expectClean(await runScheduled(futureSource(Promise.resolve(failing.source)), [{ request: 5 }]), 'failed')
      expect(failing.tracking.finallyRan).toBe(true)
      const endless = trackedEndless()
      expectClean(await runScheduled(futureSource(Promise.resolve(endless.source)), [{ request: 2 }, { cancel: true }]), 'cancelled')
      expect(endless.tracking.finallyRan).toBe(true)
    })
  })
})
