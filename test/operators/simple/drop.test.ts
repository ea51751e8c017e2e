import fc from 'fast-check'
import { describe, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { drop } from '../../../src/operators/simple/drop.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('drop', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const n of [0, 1, 5, 30]) await demandInvariant(drop(n), { input: ints(), numRuns: 20 })
    })
  })

  describe('model', () => {
    it('equals Array.prototype.slice(n) (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 25 }), async (n) => {
          await equivalentTo(drop(n), (xs) => xs.slice(n), { input: ints(), numRuns: 5 })
        }),
        { numRuns: RUNS / 5 },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(drop(2))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a count that is not a non-negative integer at build time', () => {
      expectBuildError(() => drop(-1), RangeError, 'drop(count): expected a non-negative integer, got -1')
      expectBuildError(() => drop(0.5), RangeError, 'drop(count): expected a non-negative integer, got 0.5')
      expectBuildError(() => drop(Infinity), RangeError, 'drop(count): expected a non-negative integer, got Infinity')
      expectBuildError(() => Source.single(1).drop(null as never), RangeError, 'drop(count): expected a non-negative integer, got null')
    })

    it('pulls past the dropped elements within one downstream request', async () => {
      const [up, down] = probeFlow(drop(2))
      down.request(1)
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await up.expectRequest()
      up.sendNext(3)
      await down.expectNext(3)
      await up.expectNoRequest(5)
    })

    it('completes while still dropping, without demand', async () => {
      const [up, down] = probeFlow(drop(5))
      down.request(1)
      up.sendNext(1).sendNext(2).sendComplete()
      await down.expectComplete()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(drop(1))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(drop(1))
      down.request(1)
      up.sendNext(1).sendNext(2)
      await down.expectNext(2)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(drop(0))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => drop(1), [1, 2, 3])
      await flowCleanup(() => drop(10), [1, 2, 3])
    })
  })
})
