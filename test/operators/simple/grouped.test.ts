import fc from 'fast-check'
import { describe, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { grouped } from '../../../src/operators/simple/grouped.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const chunks = <T>(xs: readonly T[], n: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

describe('grouped', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const n of [1, 3, 7]) await demandInvariant(grouped<number>(n), { input: ints(), numRuns: 20 })
    })
  })

  describe('model', () => {
    it('emits consecutive chunks of size n, the last one possibly shorter (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 8 }), async (n) => {
          await equivalentTo(grouped<number>(n), (xs) => chunks(xs, n), { input: ints(), numRuns: 5 })
        }),
        { numRuns: RUNS / 5 },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand, emitting no group', async () => {
      const [up, down] = probeFlow(grouped<number>(3))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a size that is not a positive integer at build time', () => {
      expectBuildError(() => grouped(0), RangeError, 'grouped(size): expected a positive integer, got 0')
      expectBuildError(() => grouped(-2), RangeError, 'grouped(size): expected a positive integer, got -2')
      expectBuildError(() => grouped(2.5), RangeError, 'grouped(size): expected a positive integer, got 2.5')
      expectBuildError(() => Source.single(1).grouped(Infinity), RangeError, 'grouped(size): expected a positive integer, got Infinity')
    })

    it('pulls size elements for one group, and emits a fresh array each time', async () => {
      const [up, down] = probeFlow(grouped<number>(2))
      down.request(2)
      for (const x of [1, 2, 3, 4]) {
        await up.expectRequest()
        up.sendNext(x)
      }
      await down.expectNext([1, 2], [3, 4])
      const [a, b] = down.received.map((s) => (s.kind === 'next' ? s.value : []))
      if (a === b) throw new Error('grouped reused an emitted array')
    })

    it('emits the partial last group when upstream completes, once asked', async () => {
      const [up, down] = probeFlow(grouped<number>(3))
      down.request(1)
      up.sendNext(1).sendNext(2).sendNext(3).sendNext(4).sendComplete()
      await down.expectNext([1, 2, 3])
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext([4])
      await down.expectComplete()
    })

    it('passes an upstream failure on, dropping the partial group', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(grouped<number>(3))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(grouped<number>(1))
      down.request(1)
      up.sendNext(1)
      await down.expectNext([1])
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding when no group is open', async () => {
      const [up, down] = probeFlow(grouped<number>(2))
      down.request(1)
      up.sendNext(1).sendNext(2)
      await down.expectNext([1, 2])
      up.sendComplete()
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => grouped<number>(2), [1, 2, 3])
      await flowCleanup(() => grouped<number>(1), [1, 2, 3])
    })
  })
})
