import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { groupedAdjacentBy } from '../../../src/operators/simple/groupedAdjacentBy.js'
import { demandInvariant, elements, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, probeFlow, RUNS } from '../../support/operators.js'

const few = (): fc.Arbitrary<number[]> => elements(fc.integer({ min: 0, max: 5 }), { maxLength: 20 })
const parity = (x: number): number => x % 2
const model = (xs: number[]): number[][] => {
  const out: number[][] = []
  for (const x of xs) {
    const last = out[out.length - 1]
    if (last !== undefined && parity(last[0]!) === parity(x)) last.push(x)
    else out.push([x])
  }
  return out
}

describe('groupedAdjacentBy', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => groupedAdjacentBy(parity), { input: few(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals splitting the array where the key changes', () => equivalentTo(() => groupedAdjacentBy(parity), model, { input: few(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(groupedAdjacentBy(parity))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => groupedAdjacentBy(null as never), TypeError, 'groupedAdjacentBy(keyOf): expected a function, got null')
      expectBuildError(() => Source.single(1).groupedAdjacentBy('k' as never), TypeError, 'groupedAdjacentBy(keyOf): expected a function, got "k"')
    })

    it('compares keys with Object.is (NaN keys group together)', async () => {
      expect(await Source.from([1, 2, 3]).groupedAdjacentBy(() => NaN).runCollect()).toEqual([[1, 2, 3]])
      expect(await Source.from([{ k: 1 }, { k: 1 }]).groupedAdjacentBy((x) => ({ ...x })).runCollect()).toHaveLength(2)
    })

    it('emits a group when the next key arrives, and holds that element for the next pull', async () => {
      const [up, down] = probeFlow(groupedAdjacentBy(parity))
      down.request(1)
      up.sendNext(1).sendNext(3).sendNext(2)
      await down.expectNext([1, 3])
      await down.expectNoMessage(10)
      up.sendComplete()
      down.request(1)
      await down.expectNext([2])
      await down.expectComplete()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(groupedAdjacentBy(parity))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(groupedAdjacentBy(parity))
      down.request(1)
      up.sendNext(1).sendNext(2)
      await down.expectNext([1])
      down.cancel()
      await up.expectCancellation()
    })

    it('fails with the error keyOf threw, naming groupedAdjacentBy, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        groupedAdjacentBy((x: number) => {
          if (x === 2) throw boom
          return x
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('groupedAdjacentBy')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => groupedAdjacentBy(parity), [1, 2, 3]))
  })
})
