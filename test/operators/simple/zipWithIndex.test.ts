import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { zipWithIndex } from '../../../src/operators/simple/zipWithIndex.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('zipWithIndex', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(zipWithIndex<number>(), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('pairs each element with its index, like Array.prototype.map((x, i) => [x, i])', () =>
      equivalentTo(zipWithIndex<number>(), (xs) => xs.map((x, i): [number, number] => [x, i]), { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(zipWithIndex<number>())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('takes no argument to check, and counts from 0 in each run', async () => {
      const indexed = Source.from(['a', 'b']).zipWithIndex()
      expect(await indexed.runCollect()).toEqual([['a', 0], ['b', 1]])
      expect(await indexed.runCollect()).toEqual([['a', 0], ['b', 1]])
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(zipWithIndex<number>())
      down.request(1)
      up.sendNext(5).sendError(boom)
      await down.expectNext([5, 0])
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(zipWithIndex<number>())
      down.request(1)
      up.sendNext(5)
      await down.expectNext([5, 0])
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(zipWithIndex<number>())
      down.request(2)
      up.sendNext(5).sendNext(6)
      await down.expectNext([5, 0], [6, 1])
      up.sendComplete()
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => zipWithIndex<number>(), [1, 2, 3]))
  })
})
