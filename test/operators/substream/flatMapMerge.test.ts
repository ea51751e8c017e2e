import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { flatMapMerge } from '../../../src/operators/substream/flatMapMerge.js'
import { demandInvariant, demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { counting, expectAllClosed, sorted } from '../../support/substreams.js'

const twice = (x: number): Source<number> => Source.from([x, x + 1000])

describe('flatMapMerge', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const breadth of [1, 2, 5]) await demandInvariant(flatMapMerge(breadth, twice), { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('emits the multiset of all inner elements, each inner in its own order', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 4 }), ints(12), async (breadth, input) => {
          const run = await runScheduled(Source.from(input).via(flatMapMerge(breadth, twice)), [{ request: 1e6 }])
          expectClean(run, 'completed')
          expect(sorted(run.elements)).toEqual(sorted(input.flatMap((x) => [x, x + 1000])))
          // each inner's x comes before its x + 1000 (inner order holds)
          const seen = new Map<number, number>()
          for (const y of run.elements) {
            const x = y >= 950 ? y - 1000 : y
            seen.set(x, (seen.get(x) ?? 0) + (y === x ? 1 : -1))
            expect(seen.get(x)!).toBeGreaterThanOrEqual(0)
          }
        }),
        { numRuns: RUNS },
      )
    })

    it('never runs more than breadth inner sources at once, and closes each exactly once', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 4 }), ints(12), demandSchedule({ maxPause: 0 }), async (breadth, input, schedule) => {
          const { census, inner } = counting((x: number) => [x, x, x])
          const run = await runScheduled(Source.from(input).via(flatMapMerge(breadth, inner)), schedule)
          expect(run.violations).toEqual([])
          expect(census.max).toBeLessThanOrEqual(breadth)
          expectAllClosed(census)
        }),
        { numRuns: RUNS },
      )
    })

    it('does run breadth inner sources at once when there is enough work', async () => {
      const { census, inner } = counting((x: number) => [x, x, x])
      const run = await runScheduled(Source.range(0, 10).via(flatMapMerge(3, inner)), [{ request: 1 }, { request: 1e6 }])
      expectClean(run, 'completed')
      expect(census.max).toBe(3)
      expect(run.elements.length).toBe(30)
    })
  })

  describe('edges', () => {
    it('rejects a bad breadth and a missing function at build time', () => {
      expectBuildError(() => flatMapMerge(0, twice), RangeError, 'flatMapMerge(breadth): expected a positive integer, got 0')
      expectBuildError(() => flatMapMerge(1.5, twice), RangeError, 'flatMapMerge(breadth): expected a positive integer, got 1.5')
      expectBuildError(() => flatMapMerge(2, 'f' as never), TypeError, 'flatMapMerge(f): expected a function, got "f"')
    })

    it('completes an empty stream without demand', async () => {
      const [up, down] = probeFlow(flatMapMerge(2, twice))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('waits for running inners after upstream completes', async () => {
      const [up, down] = probeFlow(flatMapMerge(2, (x: number) => Source.from([x, x])))
      down.request(1)
      up.sendNext(7).sendComplete()
      await down.expectNext(7)
      await down.expectNoMessage(10)
      down.request(5)
      await down.expectNext(7)
      await down.expectComplete()
    })

    it('fails when upstream fails, and cancels the running inners', async () => {
      const { census, inner } = counting((x: number) => [x, x, x])
      const [up, down] = probeFlow(flatMapMerge(2, inner))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendError(new Error('upstream broke'))
      await down.expectError(/upstream broke/)
      expectAllClosed(census)
    })

    it('fails when an inner source fails', async () => {
      const boom = new Error('inner broke')
      const out = Source.from([1, 2]).flatMapMerge(2, (x) => (x === 2 ? Source.failed<number>(boom) : Source.never<number>())).runCollect()
      await expect(out).rejects.toBe(boom)
    })

    it('fails when f throws', async () => {
      const boom = new Error('f broke')
      await expect(Source.from([1]).flatMapMerge(2, () => { throw boom }).runCollect()).rejects.toBe(boom)
    })

    it('cancels upstream and every running inner when downstream cancels', async () => {
      const { census, inner } = counting((x: number) => [x, x, x, x])
      const [up, down] = probeFlow(flatMapMerge(3, inner))
      down.request(2)
      up.sendNext(1).sendNext(2)
      await down.expectNextN(2)
      down.cancel()
      await up.expectCancellation()
      expectAllClosed(census)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => flatMapMerge(2, twice), [1, 2, 3])
    })
  })
})
