import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { range } from '../../../src/operators/source/range.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS } from '../../support/operators.js'

const model = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i)

describe('range', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 30 }), demandSchedule(), async (start, count, schedule) => {
          const run = await runScheduled(range(start, count), schedule)
          expectClean(run)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits start, start + 1, ... count numbers (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 30 }), demandSchedule(), async (start, count, schedule) => {
          expectModel(await runScheduled(range(start, count), schedule), model(start, count))
        }),
        { numRuns: RUNS },
      )
    })

    it('reaches up to the largest safe integer', async () => {
      expect(await Source.range(Number.MAX_SAFE_INTEGER - 2, 2).runCollect()).toEqual([Number.MAX_SAFE_INTEGER - 2, Number.MAX_SAFE_INTEGER - 1])
    })
  })

  describe('edges', () => {
    it('range(x, 0) completes without any demand', async () => {
      await probeSource(range(5, 0)).expectSubscriptionAndComplete()
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => range(0, -1), RangeError, 'range(count): expected a non-negative integer, got -1')
      expectBuildError(() => range(0, 1.5), RangeError, 'range(count): expected a non-negative integer, got 1.5')
      expectBuildError(() => range(0.5, 1), RangeError, 'range(start): expected an integer, got 0.5')
      expectBuildError(() => range(NaN, 1), RangeError, 'range(start): expected an integer, got NaN')
      expectBuildError(() => Source.range(0, Infinity), RangeError, 'range(count): expected a non-negative integer, got Infinity')
      expectBuildError(
        () => range(Number.MAX_SAFE_INTEGER, 2),
        RangeError,
        `range(start, count): start + count must be a safe integer, got ${Number.MAX_SAFE_INTEGER + 2}`,
      )
    })

    it('completes together with its last element, without waiting for more demand', async () => {
      const down = probeSource(range(1, 2))
      down.request(2)
      await down.expectNext(1, 2)
      await down.expectComplete()
    })

    it('stops when cancelled mid-stream', async () => {
      const run = await runScheduled(range(0, 100), [{ request: 3 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1, 2])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion and cancel', async () => {
      expectClean(await runScheduled(range(0, 10), [{ request: 100 }]), 'completed')
      expectClean(await runScheduled(range(0, 10), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })
  })
})
