import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { take } from '../../../src/operators/simple/take.js'
import { demandInvariant, equivalentTo, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, flowCleanup, ints, probeFlow, RUNS, trackedEndless } from '../../support/operators.js'

describe('take', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const n of [0, 1, 3, 25, Infinity]) await demandInvariant(take(n), { input: ints(), numRuns: 20 })
    })
  })

  describe('model', () => {
    it('equals Array.prototype.slice(0, n) (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 25 }), async (n) => {
          await equivalentTo(take(n), (xs) => xs.slice(0, n), { input: ints(), numRuns: 5 })
        }),
        { numRuns: RUNS / 5 },
      )
    })

    it('stops an endless upstream after n elements', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 50 }), async (n) => {
          const endless = trackedEndless()
          const run = await runScheduled(endless.source.via(take(n)), [{ request: 1e6 }])
          expectClean(run, 'completed')
          expect(run.elements).toEqual(Array.from({ length: n }, (_, i) => i))
          expect(endless.tracking.finallyRan).toBe(true)
        }),
        { numRuns: 20 },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(take(3))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('take(0) completes at once and cancels upstream without pulling it', async () => {
      const [up, down] = probeFlow(take(0))
      await down.expectSubscriptionAndComplete()
      await up.expectCancellation()
      expect(up.requests).toBe(0)
    })

    it('rejects a count that is not a non-negative integer at build time', () => {
      expectBuildError(() => take(-1), RangeError, 'take(count): expected a non-negative integer, got -1')
      expectBuildError(() => take(1.5), RangeError, 'take(count): expected a non-negative integer, got 1.5')
      expectBuildError(() => take(NaN), RangeError, 'take(count): expected a non-negative integer, got NaN')
      expectBuildError(() => take(-Infinity), RangeError, 'take(count): expected a non-negative integer, got -Infinity')
      expectBuildError(() => Source.single(1).take('2' as never), RangeError, 'take(count): expected a non-negative integer, got "2"')
    })

    it('accepts Infinity as "no limit"', async () => {
      expect(await Source.range(1, 5).take(Infinity).runCollect()).toEqual([1, 2, 3, 4, 5])
    })

    it('cancels upstream before handing over the last element, then completes', async () => {
      const [up, down] = probeFlow(take(2))
      down.request(5)
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await down.expectNext(1, 2)
      await down.expectComplete()
      await up.expectCancellation()
      expect(up.requests).toBe(2) // never asked for a third
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(take(5))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectNext(1)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(take(5))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(take(5))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => take(2), [1, 2, 3])
      await flowCleanup(() => take(10), [1, 2, 3])
      await flowCleanup(() => take(0), [1, 2, 3])
    })
  })
})
