import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { lazyFuture } from '../../../src/operators/source/lazyFuture.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS, sourceDemandLaw } from '../../support/operators.js'

describe('lazyFuture', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      sourceDemandLaw(() => lazyFuture(async () => 7), (run) => expectModel(run, [7])))
  })

  describe('model', () => {
    it('emits the resolved value once, and calls create only when asked', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer(), fc.boolean(), demandSchedule(), async (x, later, schedule) => {
          let calls = 0
          const create = (): Promise<number> => (calls++, later ? new Promise((resolve) => setImmediate(() => resolve(x))) : Promise.resolve(x))
          const run = await runScheduled(lazyFuture(create), schedule)
          expectModel(run, [x])
          expect(calls).toBeLessThanOrEqual(1)
          if (run.elements.length > 0) expect(calls).toBe(1)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('does not call create before the first pull', async () => {
      let calls = 0
      const down = probeSource(lazyFuture(async () => ++calls))
      await down.expectNoMessage(10)
      expect(calls).toBe(0)
      down.request(1)
      await down.expectNext(1)
      await down.expectComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => lazyFuture(null as never), TypeError, 'lazyFuture(create): expected a function, got null')
      expectBuildError(() => Source.lazyFuture(Promise.resolve(1) as never), TypeError, 'lazyFuture(create): expected a function, got an object')
    })

    it('fails on a rejection, a null value, a non-Promise, and a throwing create (naming lazyFuture)', async () => {
      const boom = new Error('boom')
      expect(await Source.lazyFuture(() => Promise.reject(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
      const nul = await Source.lazyFuture(async () => null).runCollect().catch((e: unknown) => e)
      expect(String(nul)).toBe('TypeError: lazyFuture: the Promise resolved to null or undefined')
      const plain = await Source.lazyFuture(() => 1 as never).runCollect().catch((e: unknown) => e)
      expect(String(plain)).toBe('TypeError: lazyFuture: create did not return a Promise')
      const thrown = await Source.lazyFuture(() => {
        throw boom
      })
        .runCollect()
        .catch((e: unknown) => e)
      expect(thrown).toBe(boom)
      expect(failedStage(thrown)?.stage).toBe('lazyFuture')
    })

    it('drops a value that arrives after cancel', async () => {
      let resolve: (x: number) => void = () => {}
      const down = probeSource(lazyFuture(() => new Promise<number>((r) => (resolve = r))))
      down.request(1)
      await new Promise((r) => setTimeout(r, 5))
      down.cancel()
      resolve(1)
      await down.expectNoMessage(10)
    })
  })

  describe('cleanup', () => {
    it('stops cleanly after completion, failure and cancel', async () => {
      expectClean(await runScheduled(lazyFuture(async () => 1), [{ request: 1 }]), 'completed')
      expectClean(await runScheduled(lazyFuture(() => Promise.reject(new Error('x'))), [{ request: 1 }]), 'failed')
      expectClean(await runScheduled(lazyFuture(async () => 1), [{ cancel: true }]), 'cancelled')
    })
  })
})
