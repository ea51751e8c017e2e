import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { unfold } from '../../../src/operators/source/unfold.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS } from '../../support/operators.js'

/** Counts down from n: emits n, n-1, ... 1 as strings, then stops. */
const countdown = (n: number) => unfold(n, (k: number) => (k === 0 ? undefined : ([k - 1, `${k}`] as const)))

describe('unfold', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 30 }), demandSchedule(), async (n, schedule) => {
          expectClean(await runScheduled(countdown(n), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the second half of each step until f returns undefined (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 30 }), demandSchedule(), async (n, schedule) => {
          expectModel(await runScheduled(countdown(n), schedule), Array.from({ length: n }, (_, i) => `${n - i}`))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes when f returns undefined at once (asked once, as it cannot know earlier)', async () => {
      const down = probeSource(countdown(0))
      down.request(1)
      await down.expectComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => unfold(0, null as never), TypeError, 'unfold(f): expected a function, got null')
      expectBuildError(() => Source.unfold(0, 'f' as never), TypeError, 'unfold(f): expected a function, got "f"')
    })

    it('calls f once per request', async () => {
      let calls = 0
      const down = probeSource(
        unfold(0, (k: number) => {
          calls++
          return [k + 1, k] as const
        }),
      )
      down.request(2)
      await down.expectNext(0, 1)
      await down.expectNoMessage(5)
      expect(calls).toBe(2)
      down.cancel()
    })

    it('stops when cancelled mid-stream', async () => {
      const run = await runScheduled(countdown(100), [{ request: 2 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual(['100', '99'])
    })

    it('fails with the error f threw, naming unfold', async () => {
      const boom = new Error('no step')
      const err = await Source.unfold(0, (k: number) => {
        if (k === 2) throw boom
        return [k + 1, k] as const
      })
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('unfold')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion, failure and cancel', async () => {
      expectClean(await runScheduled(countdown(3), [{ request: 10 }]), 'completed')
      const failing = unfold(0, () => {
        throw new Error('x')
      })
      expectClean(await runScheduled(failing, [{ request: 1 }]), 'failed')
      expectClean(await runScheduled(countdown(10), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })
  })
})
