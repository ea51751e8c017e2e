import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { mapError } from '../../../src/operators/error/mapError.js'
import { demandInvariant, demandSchedule, equivalentTo, failingAt, InjectedFailure, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

class Wrapped extends Error {}

describe('mapError', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(mapError<number>((e) => e), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('passes elements unchanged (the identity on arrays)', async () => {
      await equivalentTo(mapError<number>(() => new Wrapped()), (xs) => xs, { input: ints(), numRuns: RUNS })
    })

    it('fails with f(error) after the elements before the failure', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(25), demandSchedule({ cancel: 'never' }), async (input, k, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(mapError((e) => new Wrapped('wrapped', { cause: e }))), schedule)
          expect(run.violations).toEqual([])
          expect(run.elements).toEqual(input.slice(0, k))
          expect(run.outcome).toBe('failed')
          expect(run.error).toBeInstanceOf(Wrapped)
          expect((run.error as Error).cause).toBeInstanceOf(InjectedFailure)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing function at build time', () => {
      expectBuildError(() => mapError(1 as never), TypeError, 'mapError(f): expected a function, got 1')
    })

    it('fails with what f throws', async () => {
      await expect(Source.failed(new Error('a')).mapError(() => { throw new RangeError('b') }).runCollect()).rejects.toThrow(RangeError)
    })

    it('completes an empty stream, and cancels upstream on cancel', async () => {
      const [up, down] = probeFlow(mapError<number>((e) => e))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      const [up2, down2] = probeFlow(mapError<number>((e) => e))
      down2.request(1)
      up2.sendNext(1)
      await down2.expectNext(1)
      down2.cancel()
      await up2.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => mapError<number>(() => new Wrapped()), [1, 2, 3])
    })
  })
})
