import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source, StreamLimitReachedError } from '../../../src/index.js'
import { limit } from '../../../src/operators/simple/limit.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('limit', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const n of [0, 3, 30, Infinity]) await demandInvariant(limit<number>(n), { input: ints(), numRuns: 20 })
    })
  })

  describe('model', () => {
    it('passes the stream through when it has at most max elements, and fails otherwise', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 25 }), async (max) => {
          await equivalentTo(
            limit<number>(max),
            (xs) => {
              if (xs.length > max) throw new StreamLimitReachedError(max)
              return xs
            },
            { input: ints(), numRuns: 5 },
          )
        }),
        { numRuns: RUNS / 5 },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(limit<number>(0))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a max that is not a non-negative integer at build time', () => {
      expectBuildError(() => limit(-1), RangeError, 'limit(max): expected a non-negative integer, got -1')
      expectBuildError(() => limit(0.5), RangeError, 'limit(max): expected a non-negative integer, got 0.5')
      expectBuildError(() => Source.single(1).limit(NaN), RangeError, 'limit(max): expected a non-negative integer, got NaN')
    })

    it('fails with StreamLimitReachedError on the element after max, after emitting max elements', async () => {
      const [up, down] = probeFlow(limit<number>(2))
      down.request(5)
      up.sendNext(1).sendNext(2).sendNext(3)
      await down.expectNext(1, 2)
      const err = await down.expectError(StreamLimitReachedError)
      expect((err as Error).message).toBe('limit(max): the stream had more than 2 element(s)')
      expect((err as StreamLimitReachedError).max).toBe(2)
      expect(failedStage(err)?.stage).toBe('limit')
      await up.expectCancellation()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(limit<number>(5))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(limit<number>(5))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(limit<number>(5))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => limit<number>(10), [1, 2, 3])
      await flowCleanup(() => limit<number>(1), [1, 2, 3])
    })
  })
})
