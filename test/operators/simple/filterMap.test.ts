import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { filterMap } from '../../../src/operators/simple/filterMap.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** Keeps positive numbers, as strings; drops the rest (undefined or null). */
const positive = (x: number): string | undefined | null => (x > 0 ? `+${x}` : x === 0 ? null : undefined)

describe('filterMap', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(filterMap(positive), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals Array map then filter of null/undefined (a prefix when cancelled)', () =>
      equivalentTo(filterMap(positive), (xs) => xs.map(positive).filter((y): y is string => y !== undefined && y !== null), {
        input: ints(),
        numRuns: RUNS,
      }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(filterMap(positive))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => filterMap(null as never), TypeError, 'filterMap(f): expected a function, got null')
      expectBuildError(() => Source.single(1).filterMap({} as never), TypeError, 'filterMap(f): expected a function, got an object')
    })

    it('keeps falsy values that are not null or undefined', async () => {
      expect(await Source.from([0, 1, 2]).filterMap((x) => [0, '', false][x]).runCollect()).toEqual([0, '', false])
    })

    it('pulls again when f drops an element', async () => {
      const [up, down] = probeFlow(filterMap(positive))
      down.request(1)
      await up.expectRequest()
      up.sendNext(-1)
      await up.expectRequest()
      up.sendNext(2)
      await down.expectNext('+2')
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(filterMap(positive))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(filterMap(positive))
      down.request(1)
      up.sendNext(1)
      await down.expectNext('+1')
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(filterMap(positive))
      down.request(1)
      up.sendNext(1)
      await down.expectNext('+1')
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error f threw, naming filterMap, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        filterMap((x: number) => {
          if (x === 2) throw boom
          return x
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('filterMap')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => filterMap((x: number) => x), [1, 2, 3]))
  })
})
