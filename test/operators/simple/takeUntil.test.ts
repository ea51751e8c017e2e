import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { takeUntil } from '../../../src/operators/simple/takeUntil.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const big = (x: number): boolean => x >= 30
const model = (xs: number[]): number[] => {
  const i = xs.findIndex(big)
  return i < 0 ? xs : xs.slice(0, i + 1)
}

describe('takeUntil', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(takeUntil(big), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('emits the prefix up to and including the first element where the predicate holds', () =>
      equivalentTo(takeUntil(big), model, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(takeUntil(big))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => takeUntil(undefined as never), TypeError, 'takeUntil(predicate): expected a function, got undefined')
      expectBuildError(() => Source.single(1).takeUntil({} as never), TypeError, 'takeUntil(predicate): expected a function, got an object')
    })

    it('emits the element where the predicate holds, then cancels upstream and completes', async () => {
      const [up, down] = probeFlow(takeUntil(big))
      down.request(5)
      up.sendNext(1).sendNext(99).sendNext(2)
      await down.expectNext(1, 99)
      await down.expectComplete()
      await up.expectCancellation()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(takeUntil(big))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(takeUntil(big))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(takeUntil(big))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error the predicate threw, naming takeUntil, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        takeUntil((x: number) => {
          if (x === 2) throw boom
          return false
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('takeUntil')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => takeUntil(big), [1, 2, 3])
      await flowCleanup(() => takeUntil((x: number) => x === 2), [1, 2, 3])
    })
  })
})
