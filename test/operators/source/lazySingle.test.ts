import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { lazySingle } from '../../../src/operators/source/lazySingle.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS, sourceDemandLaw } from '../../support/operators.js'

describe('lazySingle', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      sourceDemandLaw(() => lazySingle(() => 7), (run) => expectModel(run, [7])))
  })

  describe('model', () => {
    it('emits [create()] like Array.of, and calls create only when asked', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer(), demandSchedule(), async (x, schedule) => {
          let calls = 0
          const run = await runScheduled(lazySingle(() => (calls++, x)), schedule)
          expectModel(run, [x])
          expect(calls).toBe(run.elements.length)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('does not call create before the first pull, and calls it per run', async () => {
      let calls = 0
      const down = probeSource(lazySingle(() => ++calls))
      await down.expectNoMessage(10)
      expect(calls).toBe(0)
      down.request(1)
      await down.expectNext(1)
      await down.expectComplete()
      expect(await Source.lazySingle(() => ++calls).runCollect()).toEqual([2])
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => lazySingle(null as never), TypeError, 'lazySingle(create): expected a function, got null')
      expectBuildError(() => Source.lazySingle(1 as never), TypeError, 'lazySingle(create): expected a function, got 1')
    })

    it('fails on a null or undefined value, and with what create threw, naming lazySingle', async () => {
      const nul = await Source.lazySingle(() => undefined).runCollect().catch((e: unknown) => e)
      expect(String(nul)).toBe('TypeError: lazySingle: create returned null or undefined')
      const boom = new Error('boom')
      const err = await Source.lazySingle(() => {
        throw boom
      })
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('lazySingle')
    })
  })

  describe('cleanup', () => {
    it('stops cleanly after completion and a cancel before the pull', async () => {
      expectClean(await runScheduled(lazySingle(() => 1), [{ request: 1 }]), 'completed')
      let calls = 0
      expectClean(await runScheduled(lazySingle(() => ++calls), [{ cancel: true }]), 'cancelled')
      expect(calls).toBe(0)
    })
  })
})
