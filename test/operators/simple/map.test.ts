import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { map } from '../../../src/operators/simple/map.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const double = (x: number): number => x * 2

describe('map', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(map(double), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals Array.prototype.map (a prefix when cancelled)', () =>
      equivalentTo(map((x: number) => `${x}!`), (xs) => xs.map((x) => `${x}!`), { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(map(double))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => map(null as never), TypeError, 'map(f): expected a function, got null')
      expectBuildError(() => Source.single(1).map(42 as never), TypeError, 'map(f): expected a function, got 42')
    })

    it('maps each element as it is requested', async () => {
      const [up, down] = probeFlow(map(double))
      down.request(1)
      await up.expectRequest()
      up.sendNext(1)
      await down.expectNext(2)
      await up.expectNoRequest(5)
      down.request(2)
      await up.expectRequest()
      up.sendNext(5)
      await up.expectRequest()
      up.sendNext(7)
      await down.expectNext(10, 14)
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(map(double))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(2)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(map(double))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(2)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(map(double))
      down.request(1)
      up.sendNext(3)
      await down.expectNext(6)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error f threw, naming map, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        map((x: number) => {
          if (x === 2) throw boom
          return x
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2).sendNext(3)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('map')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => map(double), [1, 2, 3]))
  })
})
