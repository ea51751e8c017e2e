import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { collectFirst } from '../../../src/operators/simple/collectFirst.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** Defined (as a string) for multiples of 7, null for 0, undefined otherwise. */
const seventh = (x: number): string | undefined | null => (x === 0 ? null : x % 7 === 0 ? `x${x}` : undefined)

describe('collectFirst', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(collectFirst(seventh), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('emits f of the first element where f is defined, or nothing', () =>
      equivalentTo(
        collectFirst(seventh),
        (xs) => {
          const first = xs.map(seventh).find((y) => y !== undefined && y !== null)
          return first === undefined || first === null ? [] : [first]
        },
        { input: ints(), numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(collectFirst(seventh))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => collectFirst(null as never), TypeError, 'collectFirst(f): expected a function, got null')
      expectBuildError(() => Source.single(1).collectFirst('f' as never), TypeError, 'collectFirst(f): expected a function, got "f"')
    })

    it('skips undefined results, then emits the first value, cancels upstream and completes', async () => {
      const [up, down] = probeFlow(collectFirst(seventh))
      down.request(1)
      up.sendNext(1).sendNext(0).sendNext(14)
      await down.expectNext('x14')
      await down.expectComplete()
      await up.expectCancellation()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(collectFirst(seventh))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels before a value', async () => {
      const [up, down] = probeFlow(collectFirst(seventh))
      down.request(1)
      up.sendNext(1)
      await up.expectRequest()
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding when upstream ends without a value', async () => {
      const [up, down] = probeFlow(collectFirst(seventh))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('fails with the error f threw, naming collectFirst, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        collectFirst((x: number) => {
          if (x === 2) throw boom
          return undefined
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('collectFirst')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => collectFirst(seventh), [1, 2, 3])
      await flowCleanup(() => collectFirst((x: number) => (x === 2 ? x : undefined)), [1, 2, 3])
    })
  })
})
