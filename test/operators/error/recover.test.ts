import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { recover } from '../../../src/operators/error/recover.js'
import { demandInvariant, demandSchedule, failingAt, InjectedFailure, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectModel, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('recover', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel (also when recovering)', async () => {
      await demandInvariant(recover<number>(() => -1), { input: ints(), numRuns: RUNS / 2 })
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(25), demandSchedule(), async (input, k, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(recover<number>(() => -1)), schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the elements before the failure, then the recovered element, then completes', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(25), demandSchedule(), async (input, k, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(recover<number>((e) => (e instanceof InjectedFailure ? -1 : undefined))), schedule)
          expectModel(run, [...input.slice(0, k), -1])
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing function at build time', () => {
      expectBuildError(() => recover(undefined as never), TypeError, 'recover(f): expected a function, got undefined')
    })

    it('passes the failure on when f returns undefined', async () => {
      const boom = new Error('not mine')
      await expect(Source.failed<number>(boom).recover(() => undefined).runCollect()).rejects.toBe(boom)
    })

    it('fails with what f throws', async () => {
      await expect(Source.failed<number>(new Error('a')).recover(() => { throw new Error('b') }).runCollect()).rejects.toThrow('b')
    })

    it('waits for demand before emitting the recovered element', async () => {
      const [up, down] = probeFlow(recover<number>(() => 0))
      up.sendError(new Error('x'))
      await down.expectNoMessage(10)
      down.request(1)
      await down.expectNext(0)
      await down.expectComplete()
    })

    it('completes an empty stream and cancels upstream on cancel', async () => {
      const [up, down] = probeFlow(recover<number>(() => 0))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      const [up2, down2] = probeFlow(recover<number>(() => 0))
      down2.request(1)
      up2.sendNext(1)
      await down2.expectNext(1)
      down2.cancel()
      await up2.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => recover<number>(() => 0), [1, 2, 3])
    })
  })
})
