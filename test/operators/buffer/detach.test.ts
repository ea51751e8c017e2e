import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { detach } from '../../../src/operators/buffer/detach.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('detach', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () => demandInvariant(detach<number>(), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('passes the input on unchanged', () => equivalentTo(detach<number>(), (xs) => xs, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(detach<number>())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('asks upstream for one element before downstream asks, and holds at most one', async () => {
      const [up, down] = probeFlow(detach<number>())
      expect(await up.expectRequest()).toBe(1)
      up.sendNext(1)
      await up.expectNoRequest(20)
      down.request(1)
      await down.expectNext(1)
      await up.expectRequest()
    })

    it('emits the held element after upstream completes, then completes', async () => {
      const [up, down] = probeFlow(detach<number>())
      await up.expectRequest()
      up.sendNext(1).sendComplete()
      await down.expectNoMessage(10)
      down.request(1)
      await down.expectNext(1)
      await down.expectComplete()
    })

    it('passes an upstream failure on at once, dropping a held element', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(detach<number>())
      await up.expectRequest()
      up.sendNext(1).sendError(boom)
      await down.expectSubscriptionAndError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(detach<number>())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('has no arguments to reject; works on Source and Flow', async () => {
      expect(await Source.range(1, 3).detach().map((x) => x * 2).runCollect()).toEqual([2, 4, 6])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => detach<number>(), [1, 2, 3]))
  })
})
