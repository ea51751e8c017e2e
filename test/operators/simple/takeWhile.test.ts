import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { takeWhile } from '../../../src/operators/simple/takeWhile.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const small = (x: number): boolean => x < 30
const model = (xs: number[], inclusive: boolean): number[] => {
  const i = xs.findIndex((x) => !small(x))
  return i < 0 ? xs : xs.slice(0, inclusive ? i + 1 : i)
}

describe('takeWhile', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(takeWhile(small), { input: ints(), numRuns: RUNS })
      await demandInvariant(takeWhile(small, { inclusive: true }), { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('emits the longest prefix that passes (plus the first failing element when inclusive)', async () => {
      await equivalentTo(takeWhile(small), (xs) => model(xs, false), { input: ints(), numRuns: RUNS })
      await equivalentTo(takeWhile(small, { inclusive: true }), (xs) => model(xs, true), { input: ints(), numRuns: RUNS })
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(takeWhile(small))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => takeWhile(null as never), TypeError, 'takeWhile(predicate): expected a function, got null')
      expectBuildError(() => Source.single(1).takeWhile(1 as never), TypeError, 'takeWhile(predicate): expected a function, got 1')
    })

    it('cancels upstream and completes on the first element that fails, without demand for it', async () => {
      const [up, down] = probeFlow(takeWhile(small))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.request(1)
      up.sendNext(99)
      await down.expectComplete()
      await up.expectCancellation()
    })

    it('inclusive: emits the first failing element, then completes', async () => {
      const [up, down] = probeFlow(takeWhile(small, { inclusive: true }))
      down.request(2)
      up.sendNext(1).sendNext(99).sendNext(2)
      await down.expectNext(1, 99)
      await down.expectComplete()
      await up.expectCancellation()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(takeWhile(small))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(takeWhile(small))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(takeWhile(small))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error the predicate threw, naming takeWhile, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        takeWhile((x: number) => {
          if (x === 2) throw boom
          return true
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('takeWhile')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => takeWhile(small), [1, 2, 3])
      await flowCleanup(() => takeWhile((x: number) => x < 2, { inclusive: true }), [1, 2, 3])
    })
  })
})
