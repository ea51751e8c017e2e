import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { collectWhile } from '../../../src/operators/simple/collectWhile.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** Defined (as a string) below 30, null at 40, undefined otherwise. */
const small = (x: number): string | undefined | null => (x === 40 ? null : x < 30 ? `x${x}` : undefined)

describe('collectWhile', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(collectWhile(small), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('emits f of the longest prefix where f is defined', () =>
      equivalentTo(
        collectWhile(small),
        (xs) => {
          const ys = xs.map(small)
          const i = ys.findIndex((y) => y === undefined || y === null)
          return (i < 0 ? ys : ys.slice(0, i)) as string[]
        },
        { input: ints(), numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(collectWhile(small))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => collectWhile(null as never), TypeError, 'collectWhile(f): expected a function, got null')
      expectBuildError(() => Source.single(1).collectWhile([] as never), TypeError, 'collectWhile(f): expected a function, got an array')
    })

    it('cancels upstream and completes on the first undefined', async () => {
      const [up, down] = probeFlow(collectWhile(small))
      down.request(1)
      up.sendNext(1)
      await down.expectNext('x1')
      down.request(1)
      up.sendNext(99)
      await down.expectComplete()
      await up.expectCancellation()
    })

    it('treats null as undefined', async () => {
      expect(await Source.from([1, 40, 2]).collectWhile(small).runCollect()).toEqual(['x1'])
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(collectWhile(small))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(collectWhile(small))
      down.request(1)
      up.sendNext(1)
      await down.expectNext('x1')
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(collectWhile(small))
      down.request(1)
      up.sendNext(1)
      await down.expectNext('x1')
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error f threw, naming collectWhile, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        collectWhile((x: number) => {
          if (x === 2) throw boom
          return x
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('collectWhile')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      await flowCleanup(() => collectWhile(small), [1, 2, 3])
      await flowCleanup(() => collectWhile((x: number) => (x < 2 ? x : undefined)), [1, 2, 3])
    })
  })
})
