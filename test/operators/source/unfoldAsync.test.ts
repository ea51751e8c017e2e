import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { unfoldAsync } from '../../../src/operators/source/unfoldAsync.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS } from '../../support/operators.js'

/** Counts down from n asynchronously: emits n, n-1, ... 1, then stops. */
const countdown = (n: number) =>
  unfoldAsync(n, async (k: number) => {
    await Promise.resolve()
    return k === 0 ? undefined : ([k - 1, k] as const)
  })

describe('unfoldAsync', () => {
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
    it('emits the second half of each step until f resolves to undefined (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 30 }), demandSchedule(), async (n, schedule) => {
          expectModel(await runScheduled(countdown(n), schedule), Array.from({ length: n }, (_, i) => n - i))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes when f resolves to undefined at once (asked once)', async () => {
      const down = probeSource(countdown(0))
      down.request(1)
      await down.expectComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => unfoldAsync(0, null as never), TypeError, 'unfoldAsync(f): expected a function, got null')
      expectBuildError(() => Source.unfoldAsync(0, {} as never), TypeError, 'unfoldAsync(f): expected a function, got an object')
    })

    it('calls f once per request and never has two calls in flight', async () => {
      let inFlight = 0
      let maxInFlight = 0
      let calls = 0
      const down = probeSource(
        unfoldAsync(0, async (k: number) => {
          calls++
          maxInFlight = Math.max(maxInFlight, ++inFlight)
          await new Promise((r) => setImmediate(r))
          inFlight--
          return [k + 1, k] as const
        }),
      )
      down.request(3)
      await down.expectNext(0, 1, 2)
      await down.expectNoMessage(5)
      expect(calls).toBe(3)
      expect(maxInFlight).toBe(1)
      down.cancel()
    })

    it('fails with the rejection of f', async () => {
      const boom = new Error('rejected')
      const down = probeSource(unfoldAsync(0, () => Promise.reject(boom)))
      down.request(1)
      expect(await down.expectError()).toBe(boom)
    })

    it('fails with the error f threw synchronously, naming unfoldAsync', async () => {
      const boom = new Error('sync throw')
      const err = await Source.unfoldAsync(0, () => {
        throw boom
      })
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('unfoldAsync')
    })

    it('stops when cancelled while f is pending, dropping its late result', async () => {
      let release: () => void = () => {}
      const run = await runScheduled(
        unfoldAsync(0, () => new Promise<readonly [number, number]>((resolve) => (release = () => resolve([1, 1])))),
        [{ request: 1 }, { cancel: true }],
      )
      expectClean(run, 'cancelled')
      release()
      await new Promise((r) => setImmediate(r))
      expect(run.elements).toEqual([])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion, failure and cancel', async () => {
      expectClean(await runScheduled(countdown(3), [{ request: 10 }]), 'completed')
      expectClean(await runScheduled(unfoldAsync(0, () => Promise.reject(new Error('x'))), [{ request: 1 }]), 'failed')
      expectClean(await runScheduled(countdown(10), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })
  })
})
