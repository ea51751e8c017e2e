import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source, StreamLimitReachedError } from '../../../src/index.js'
import { limitWeighted } from '../../../src/operators/simple/limitWeighted.js'
import { demandInvariant, elements, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, probeFlow, RUNS } from '../../support/operators.js'

const weights = (): fc.Arbitrary<number[]> => elements(fc.integer({ min: 0, max: 5 }), { maxLength: 15 })
const cost = (x: number): number => x
const model = (xs: number[], max: number): number[] => {
  let total = 0
  for (const x of xs) if ((total += x) > max) throw new Error('limit')
  return xs
}

describe('limitWeighted', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => limitWeighted(20, cost), { input: weights(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('passes the input on when its total weight is within max, and fails otherwise', () =>
      equivalentTo(() => limitWeighted(20, cost), (xs) => model(xs, 20), { input: weights(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(limitWeighted(0, cost))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => limitWeighted(-1, cost), RangeError, 'limitWeighted(max): expected a non-negative integer, got -1')
      expectBuildError(() => Source.single(1).limitWeighted(1, null as never), TypeError, 'limitWeighted(cost): expected a function, got null')
    })

    it('fails with StreamLimitReachedError on the element that crosses max, without emitting it, and cancels upstream', async () => {
      const [up, down] = probeFlow(limitWeighted(5, cost))
      down.request(5)
      up.sendNext(2).sendNext(3).sendNext(1)
      await down.expectNext(2, 3)
      const err = await down.expectError()
      expect(err).toBeInstanceOf(StreamLimitReachedError)
      expect((err as Error).message).toBe("limitWeighted(max): the stream's elements weighed more than 5")
      await up.expectCancellation()
    })

    it('accepts Infinity as no limit, and fails with a RangeError on a negative weight', async () => {
      expect(await Source.from([1e9, 1e9]).limitWeighted(Infinity, cost).runCollect()).toEqual([1e9, 1e9])
      const err = await Source.from([-1]).limitWeighted(5, cost).runCollect().catch((e: unknown) => e)
      expect(String(err)).toBe('RangeError: limitWeighted: cost must be a non-negative number, got -1')
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(limitWeighted(5, cost))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(limitWeighted(5, cost))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(limitWeighted(5, cost))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error cost threw, naming limitWeighted', async () => {
      const boom = new Error('bad element')
      const err = await Source.from([1, 2])
        .limitWeighted(9, (x) => {
          if (x === 2) throw boom
          return x
        })
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('limitWeighted')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => limitWeighted(100, cost), [1, 2, 3])
      await flowCleanup(() => limitWeighted(2, cost), [1, 2, 3])
    })
  })
})
