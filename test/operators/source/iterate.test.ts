import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { iterate } from '../../../src/operators/source/iterate.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS, sourceDemandLaw } from '../../support/operators.js'

describe('iterate', () => {
  describe('demand', () => {
    it('never emits more than requested and sends nothing after cancel (it only stops by cancel)', () =>
      sourceDemandLaw(
        () => iterate(0, (x) => x + 1),
        (run) => {
          expect(run.outcome).toBe('cancelled')
          expect(run.elements.length).toBeLessThanOrEqual(run.requested)
        },
        { schedule: demandSchedule({ cancel: 'always', maxSteps: 6 }), numRuns: 20 },
      ))
  })

  describe('model', () => {
    it('emits seed, next(seed), next(next(seed)), ... (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 5 }), demandSchedule(), async (seed, k, schedule) => {
          const model = Array.from({ length: 20 }, (_, i) => seed + i * k)
          expectModel(await runScheduled(Source.fromGraph(iterate(seed, (x) => x + k)).take(20), schedule), model)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a non-function at build time', () => {
      expectBuildError(() => iterate(0, null as never), TypeError, 'iterate(next): expected a function, got null')
      expectBuildError(() => Source.iterate(0, 1 as never), TypeError, 'iterate(next): expected a function, got 1')
    })

    it('calls next only when an element beyond the seed is requested', async () => {
      let calls = 0
      const down = probeSource(
        iterate(1, (x) => {
          calls++
          return x * 2
        }),
      )
      down.request(1)
      await down.expectNext(1)
      expect(calls).toBe(0)
      down.request(3)
      await down.expectNext(2, 4, 8)
      expect(calls).toBe(3)
      down.cancel()
    })

    it('stops when cancelled mid-stream', async () => {
      const run = await runScheduled(iterate(0, (x) => x + 1), [{ request: 3 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1, 2])
    })

    it('fails with the error next threw, naming iterate', async () => {
      const boom = new Error('no next')
      const down = probeSource(
        iterate(0, (x) => {
          if (x === 1) throw boom
          return x + 1
        }),
      )
      down.request(5)
      await down.expectNext(0, 1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('iterate')
    })

    it('fails when next returns undefined (elements are never null)', async () => {
      const err = await Source.iterate<number | undefined>(0, () => undefined).take(3).runCollect().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(TypeError)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after cancel, take and failure', async () => {
      expectClean(await runScheduled(iterate(0, (x) => x + 1), [{ request: 2 }, { cancel: true }]), 'cancelled')
      expectClean(await runScheduled(Source.fromGraph(iterate(0, (x) => x + 1)).take(2), [{ request: 5 }]), 'completed')
      const failing = iterate(0, () => {
        throw new Error('x')
      })
      expectClean(await runScheduled(failing, [{ request: 5 }]), 'failed')
    })
  })
})
