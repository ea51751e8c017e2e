import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { groupedWeighted } from '../../../src/operators/simple/groupedWeighted.js'
import { demandInvariant, elements, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, probeFlow, RUNS } from '../../support/operators.js'

const weights = (): fc.Arbitrary<number[]> => elements(fc.integer({ min: 0, max: 6 }), { maxLength: 20 })
const cost = (x: number): number => x
const model = (xs: number[], min: number): number[][] => {
  const out: number[][] = []
  let group: number[] = []
  let w = 0
  for (const x of xs) {
    group.push(x)
    w += x
    if (w >= min) {
      out.push(group)
      group = []
      w = 0
    }
  }
  if (group.length > 0) out.push(group)
  return out
}

describe('groupedWeighted', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => groupedWeighted(5, cost), { input: weights(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals cutting the array each time the running weight reaches minWeight', () =>
      fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 10 }), async (min) =>
          equivalentTo(() => groupedWeighted(min, cost), (xs) => model(xs, min), { input: weights(), numRuns: 5 }),
        ),
        { numRuns: RUNS / 5 },
      ))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(groupedWeighted(3, cost))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => groupedWeighted(0, cost), RangeError, 'groupedWeighted(minWeight): expected a finite number greater than 0, got 0')
      expectBuildError(() => groupedWeighted(-1, cost), RangeError, 'groupedWeighted(minWeight): expected a finite number greater than 0, got -1')
      expectBuildError(() => groupedWeighted(Infinity, cost), RangeError, 'groupedWeighted(minWeight): expected a finite number greater than 0, got Infinity')
      expectBuildError(() => Source.single(1).groupedWeighted('2' as never, cost), RangeError, 'groupedWeighted(minWeight): expected a finite number greater than 0, got "2"')
      expectBuildError(() => groupedWeighted(1, null as never), TypeError, 'groupedWeighted(cost): expected a function, got null')
    })

    it('emits an element heavier than minWeight as a group of its own', async () => {
      expect(await Source.from([9, 1, 1, 9]).groupedWeighted(3, cost).runCollect()).toEqual([[9], [1, 1, 9]])
    })

    it('fails with a RangeError on a negative weight', async () => {
      const err = await Source.from([1, -2]).groupedWeighted(3, cost).runCollect().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RangeError)
      expect((err as Error).message).toBe('groupedWeighted: cost must be a non-negative number, got -2')
    })

    it('emits the partial group when upstream completes, once downstream asks', async () => {
      const [up, down] = probeFlow(groupedWeighted(10, cost))
      down.request(1)
      up.sendNext(1).sendNext(2).sendComplete()
      await down.expectNext([1, 2])
      await down.expectComplete()
    })

    it('passes an upstream failure on, dropping the partial group', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(groupedWeighted(10, cost))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(groupedWeighted(1, cost))
      down.request(1)
      up.sendNext(1)
      await down.expectNext([1])
      down.cancel()
      await up.expectCancellation()
    })

    it('fails with the error cost threw, naming groupedWeighted, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        groupedWeighted(1, (x: number) => {
          if (x === 2) throw boom
          return x
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext([1])
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('groupedWeighted')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => groupedWeighted(2, cost), [1, 2, 3]))
  })
})
