import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { sliding } from '../../../src/operators/simple/sliding.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/**
 * Windows of `size` starting every `step` elements (Scala's `sliding(size, step)`): all full
 * windows, then the window starting after them if it holds an element no full window held.
 */
function windows<T>(xs: readonly T[], size: number, step: number): T[][] {
  const out: T[][] = []
  let start = 0
  for (; start + size <= xs.length; start += step) out.push(xs.slice(start, start + size))
  const lastEnd = out.length === 0 ? 0 : (out.length - 1) * step + size
  if (start < xs.length && xs.length > lastEnd) out.push(xs.slice(start, start + size))
  return out
}

describe('sliding', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const [size, step] of [[1, 1], [3, 1], [2, 3], [4, 2]] as const) await demandInvariant(sliding<number>(size, step), { input: ints(), numRuns: 15 })
    })
  })

  describe('model', () => {
    it('agrees with the sliding windows of the array (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), async (size, step) => {
          await equivalentTo(sliding<number>(size, step), (xs) => windows(xs, size, step), { input: ints(), numRuns: 4 })
        }),
        { numRuns: RUNS / 2 },
      )
    })

    it('matches known examples', async () => {
      expect(await Source.range(1, 5).sliding(3).runCollect()).toEqual([[1, 2, 3], [2, 3, 4], [3, 4, 5]])
      expect(await Source.range(1, 4).sliding(3, 2).runCollect()).toEqual([[1, 2, 3], [3, 4]])
      expect(await Source.range(1, 5).sliding(3, 2).runCollect()).toEqual([[1, 2, 3], [3, 4, 5]])
      expect(await Source.range(1, 6).sliding(2, 3).runCollect()).toEqual([[1, 2], [4, 5]])
      expect(await Source.range(1, 2).sliding(3).runCollect()).toEqual([[1, 2]])
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand, emitting no window', async () => {
      const [up, down] = probeFlow(sliding<number>(2))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a size or step that is not a positive integer at build time', () => {
      expectBuildError(() => sliding(0), RangeError, 'sliding(size): expected a positive integer, got 0')
      expectBuildError(() => sliding(2, 0), RangeError, 'sliding(step): expected a positive integer, got 0')
      expectBuildError(() => sliding(2, 1.5), RangeError, 'sliding(step): expected a positive integer, got 1.5')
      expectBuildError(() => Source.single(1).sliding(-1), RangeError, 'sliding(size): expected a positive integer, got -1')
    })

    it('emits windows that later windows do not change', async () => {
      const out = await Source.range(1, 6).sliding(3).runCollect()
      expect(out).toEqual([[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6]])
    })

    it('emits the partial last window when upstream completes, once asked', async () => {
      const [up, down] = probeFlow(sliding<number>(3, 3))
      down.request(1)
      up.sendNext(1).sendNext(2).sendNext(3).sendNext(4).sendComplete()
      await down.expectNext([1, 2, 3])
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext([4])
      await down.expectComplete()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(sliding<number>(2))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(sliding<number>(1))
      down.request(1)
      up.sendNext(1)
      await down.expectNext([1])
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding when every element was in an emitted window', async () => {
      const [up, down] = probeFlow(sliding<number>(2))
      down.request(1)
      up.sendNext(1).sendNext(2)
      await down.expectNext([1, 2])
      up.sendComplete()
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => sliding<number>(2), [1, 2, 3])
      await flowCleanup(() => sliding<number>(1, 3), [1, 2, 3])
    })
  })
})
