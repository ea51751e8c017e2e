import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { switchMap } from '../../../src/operators/substream/switchMap.js'
import { demandInvariant, demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { counting, expectAllClosed } from '../../support/substreams.js'

const triple = (x: number): Source<number> => Source.from([x, x, x])

/** True when `sub` can be obtained from `seq` by deleting elements. */
function isSubsequence(sub: readonly number[], seq: readonly number[]): boolean {
  let i = 0
  for (const x of seq) if (i < sub.length && sub[i] === x) i++
  return i === sub.length
}

describe('switchMap', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(switchMap(triple), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('emits a subsequence of flatMap, ending with all of the last inner source', async () => {
      await fc.assert(
        fc.asyncProperty(ints(10), demandSchedule({ cancel: 'never' }), async (input, schedule) => {
          const { census, inner } = counting((x: number) => [x, x, x])
          const run = await runScheduled(Source.from(input).via(switchMap(inner)), schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).toBe('completed')
          expect(isSubsequence(run.elements, input.flatMap((x) => [x, x, x]))).toBe(true)
          if (input.length > 0) expect(run.elements.slice(-3)).toEqual([input.at(-1), input.at(-1), input.at(-1)])
          expect(census.max).toBeLessThanOrEqual(2) // the old inner is cancelled as the new one starts
          expectAllClosed(census)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing function at build time', () => {
      expectBuildError(() => switchMap(3 as never), TypeError, 'switchMap(f): expected a function, got 3')
    })

    it('completes an empty stream without demand', async () => {
      const [up, down] = probeFlow(switchMap(triple))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('switches to the newest inner source and cancels the old one', async () => {
      const { census, inner } = counting((x: number) => [x, x, x, x])
      const [up, down] = probeFlow(switchMap(inner))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendNext(2)
      await up.expectRequest()
      down.request(4)
      await down.expectNext(2, 2, 2, 2)
      expect(census.opened).toBe(2)
      expect(census.closed).toBeGreaterThanOrEqual(1)
      up.sendComplete()
      await down.expectComplete()
      expectAllClosed(census)
    })

    it('keeps emitting the last inner source after upstream completed', async () => {
      const [up, down] = probeFlow(switchMap(triple))
      down.request(1)
      up.sendNext(4).sendComplete()
      await down.expectNext(4)
      down.request(5)
      await down.expectNext(4, 4)
      await down.expectComplete()
    })

    it('fails on upstream failure, inner failure and a throwing f', async () => {
      const [up, down] = probeFlow(switchMap(triple))
      down.request(1)
      up.sendError(new Error('up'))
      await down.expectError(/up/)
      await expect(Source.single(1).switchMap(() => Source.failed(new Error('inner'))).runCollect()).rejects.toThrow('inner')
      await expect(Source.single(1).switchMap(() => { throw new Error('f') }).runCollect()).rejects.toThrow('f')
    })

    it('cancels upstream and the inner when downstream cancels', async () => {
      const { census, inner } = counting((x: number) => [x, x, x])
      const [up, down] = probeFlow(switchMap(inner))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
      expectAllClosed(census)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => switchMap(triple), [1, 2, 3])
    })
  })
})
