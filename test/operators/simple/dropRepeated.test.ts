import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { dropRepeated } from '../../../src/operators/simple/dropRepeated.js'
import { demandInvariant, elements, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, probeFlow, RUNS } from '../../support/operators.js'

/** Few distinct values, so repeats are common. */
const repeaty = (): fc.Arbitrary<number[]> => elements(fc.integer({ min: 0, max: 3 }), { maxLength: 20 })
const model = <T>(xs: T[], eq: (a: T, b: T) => boolean = Object.is): T[] => {
  const out: T[] = []
  for (const x of xs) if (out.length === 0 || !eq(out[out.length - 1]!, x)) out.push(x)
  return out
}

describe('dropRepeated', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(dropRepeated<number>(), { input: repeaty(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals dropping each element equal to its predecessor', async () => {
      await equivalentTo(() => dropRepeated<number>(), (xs) => model(xs), { input: repeaty(), numRuns: RUNS })
      const sameParity = (a: number, b: number): boolean => a % 2 === b % 2
      await equivalentTo(() => dropRepeated(sameParity), (xs) => model(xs, sameParity), { input: repeaty(), numRuns: RUNS })
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(dropRepeated<number>())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => dropRepeated(null as never), TypeError, 'dropRepeated(equals): expected a function, got null')
      expectBuildError(() => Source.single(1).dropRepeated(1 as never), TypeError, 'dropRepeated(equals): expected a function, got 1')
    })

    it('compares with the last element emitted, and uses Object.is by default (NaN equals NaN)', async () => {
      expect(await Source.from([NaN, NaN, 0, -0, 1]).dropRepeated().runCollect()).toEqual([NaN, 0, -0, 1])
      const near = (a: number, b: number): boolean => Math.abs(a - b) <= 1
      // 3 is near the dropped 2, but it is compared with 1, the last element emitted
      expect(await Source.from([1, 2, 3, 5]).dropRepeated(near).runCollect()).toEqual([1, 3, 5])
    })

    it('starts afresh in each run', async () => {
      const flow = Source.from([1, 1, 2]).dropRepeated()
      expect(await flow.runCollect()).toEqual([1, 2])
      expect(await flow.runCollect()).toEqual([1, 2])
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(dropRepeated<number>())
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(dropRepeated<number>())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(dropRepeated<number>())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error equals threw, naming dropRepeated, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        dropRepeated<number>(() => {
          throw boom
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('dropRepeated')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => dropRepeated<number>(), [1, 1, 2]))
  })
})
