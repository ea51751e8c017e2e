import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { filter } from '../../../src/operators/simple/filter.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const even = (x: number): boolean => x % 2 === 0

describe('filter', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(filter(even), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals Array.prototype.filter (a prefix when cancelled)', () =>
      equivalentTo(filter(even), (xs) => xs.filter(even), { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(filter(even))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => filter(undefined as never), TypeError, 'filter(predicate): expected a function, got undefined')
      expectBuildError(() => Source.single(1).filter('x' as never), TypeError, 'filter(predicate): expected a function, got "x"')
    })

    it('pulls again for each rejected element, within one downstream request', async () => {
      const [up, down] = probeFlow(filter(even))
      down.request(1)
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(3)
      await up.expectRequest()
      up.sendNext(4)
      await down.expectNext(4)
      await up.expectNoRequest(5)
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(filter(even))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(filter(even))
      down.request(1)
      up.sendNext(2)
      await down.expectNext(2)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(filter(even))
      down.request(1)
      up.sendNext(2)
      await down.expectNext(2)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error the predicate threw, naming filter, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        filter((x: number) => {
          if (x === 3) throw boom
          return true
        }),
      )
      down.request(5)
      up.sendNext(2).sendNext(3).sendNext(4)
      await down.expectNext(2)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('filter')
      await up.expectCancellation()
    })

    it('narrows the element type with a type guard', async () => {
      const xs: (number | string)[] = [1, 'a', 2, 'b']
      const strings: string[] = await Source.from(xs)
        .filter((x): x is string => typeof x === 'string')
        .runCollect()
      expect(strings).toEqual(['a', 'b'])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => filter(() => true), [1, 2, 3]))
  })
})
