import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { dropWhile } from '../../../src/operators/simple/dropWhile.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const negative = (x: number): boolean => x < 0
const model = (xs: number[]): number[] => {
  const i = xs.findIndex((x) => !negative(x))
  return i < 0 ? [] : xs.slice(i)
}

describe('dropWhile', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(dropWhile(negative), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('drops the longest prefix that passes, then emits everything (a prefix when cancelled)', () =>
      equivalentTo(dropWhile(negative), model, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(dropWhile(negative))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => dropWhile(null as never), TypeError, 'dropWhile(predicate): expected a function, got null')
      expectBuildError(() => Source.single(1).dropWhile(0 as never), TypeError, 'dropWhile(predicate): expected a function, got 0')
    })

    it('stops asking the predicate once an element passed', async () => {
      const seen: number[] = []
      const out = await Source.from([-1, 2, -3, 4])
        .dropWhile((x) => {
          seen.push(x)
          return x < 0
        })
        .runCollect()
      expect(out).toEqual([2, -3, 4])
      expect(seen).toEqual([-1, 2])
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(dropWhile(negative))
      down.request(1)
      up.sendNext(-1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(dropWhile(negative))
      down.request(1)
      up.sendNext(-1).sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(dropWhile(negative))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error the predicate threw, naming dropWhile, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        dropWhile((x: number) => {
          if (x === 2) throw boom
          return true
        }),
      )
      down.request(1)
      up.sendNext(1).sendNext(2)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('dropWhile')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => dropWhile(negative), [-1, 2, 3]))
  })
})
