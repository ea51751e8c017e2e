import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { single } from '../../../src/operators/source/single.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, sourceDemandLaw } from '../../support/operators.js'

describe('single', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () => sourceDemandLaw(() => single('x')))
  })

  describe('model', () => {
    it('emits exactly its element, then completes (nothing when cancelled first)', () =>
      sourceDemandLaw(
        () => single({ id: 1 }),
        (run) => expectModel(run, [{ id: 1 }]),
      ))

    it('emits any non-null value unchanged', async () => {
      await fc.assert(
        fc.asyncProperty(fc.anything().filter((x) => x !== null && x !== undefined), async (x) => {
          expect(await Source.single(x).runCollect()).toEqual([x])
        }),
        { numRuns: 30 },
      )
    })
  })

  describe('edges', () => {
    it('rejects null and undefined at build time', () => {
      expectBuildError(() => single(null), TypeError, 'single(element): expected a value, got null')
      expectBuildError(() => Source.single(undefined), TypeError, 'single(element): expected a value, got undefined')
    })

    it('waits for demand, then emits and completes at once', async () => {
      const down = probeSource(single(5))
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(5)
      await down.expectComplete()
    })

    it('stops when cancelled before any demand', async () => {
      const run = await runScheduled(single(5), [{ cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([])
    })

    it('runs again, the same, from the same blueprint', async () => {
      const one = Source.single('a')
      expect(await one.runCollect()).toEqual(['a'])
      expect(await one.runCollect()).toEqual(['a'])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion and cancel', async () => {
      expectClean(await runScheduled(single(1), [{ request: 1 }]), 'completed')
      expectClean(await runScheduled(single(1), [{ cancel: true }]), 'cancelled')
    })
  })
})
