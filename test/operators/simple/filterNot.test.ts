import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { filterNot } from '../../../src/operators/simple/filterNot.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const even = (x: number): boolean => x % 2 === 0

describe('filterNot', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(filterNot(even), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals Array filter of the negated predicate', () =>
      equivalentTo(filterNot(even), (xs) => xs.filter((x) => !even(x)), { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(filterNot(even))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => filterNot(null as never), TypeError, 'filterNot(predicate): expected a function, got null')
      expectBuildError(() => Source.single(1).filterNot(3 as never), TypeError, 'filterNot(predicate): expected a function, got 3')
    })

    it('pulls again for a dropped element without downstream asking', async () => {
      const [up, down] = probeFlow(filterNot(even))
      down.request(1)
      up.sendNext(2).sendNext(4).sendNext(5)
      await down.expectNext(5)
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(filterNot(even))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(filterNot(even))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(filterNot(even))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error the predicate threw, naming filterNot, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        filterNot((x: number) => {
          if (x === 2) throw boom
          return false
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('filterNot')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => filterNot(even), [1, 2, 3]))
  })
})
