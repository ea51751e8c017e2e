import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { onErrorComplete } from '../../../src/operators/error/onErrorComplete.js'
import { demandInvariant, demandSchedule, equivalentTo, failingAt, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectModel, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('onErrorComplete', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(onErrorComplete<number>(), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('passes elements unchanged', async () => {
      await equivalentTo(onErrorComplete<number>(), (xs) => xs, { input: ints(), numRuns: RUNS })
    })

    it('completes after the elements before the failure', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(25), demandSchedule(), async (input, k, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(onErrorComplete()), schedule)
          expectModel(run, input.slice(0, k))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a predicate that is not a function at build time', () => {
      expectBuildError(() => onErrorComplete('all' as never), TypeError, 'onErrorComplete(predicate): expected a function, got "all"')
    })

    it('passes on errors the predicate rejects, and fails with what it throws', async () => {
      const boom = new TypeError('kept')
      await expect(Source.failed(boom).onErrorComplete((e) => e instanceof RangeError).runCollect()).rejects.toBe(boom)
      await expect(Source.failed(boom).onErrorComplete(() => { throw new Error('p') }).runCollect()).rejects.toThrow('p')
    })

    it('completes with no demand outstanding, and cancels upstream on cancel', async () => {
      const [up, down] = probeFlow(onErrorComplete<number>())
      up.sendError(new Error('x'))
      await down.expectSubscriptionAndComplete()
      const [up2, down2] = probeFlow(onErrorComplete<number>())
      down2.request(1)
      up2.sendNext(1)
      await down2.expectNext(1)
      down2.cancel()
      await up2.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => onErrorComplete<number>(), [1, 2, 3])
    })
  })
})
