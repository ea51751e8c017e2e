import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { mapConcat } from '../../../src/operators/simple/mapConcat.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** 0..|x| copies of x: sometimes none, so empty expansions are exercised too. */
const copies = (x: number): number[] => Array.from({ length: Math.abs(x) % 4 }, () => x)

describe('mapConcat', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(mapConcat(copies), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals Array.prototype.flatMap (a prefix when cancelled)', () =>
      equivalentTo(mapConcat(copies), (xs) => xs.flatMap(copies), { input: ints(), numRuns: RUNS }))

    it('equals Array.prototype.flatMap for any iterable f returns (generators, sets)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(10), async (xs) => {
          function* gen(x: number): Generator<number> {
            for (let i = 0; i < Math.abs(x) % 3; i++) yield x + i
          }
          expect(await Source.from(xs).mapConcat(gen).runCollect()).toEqual(xs.flatMap((x) => [...gen(x)]))
          expect(await Source.from(xs).mapConcat((x) => new Set([x, x, -x])).runCollect()).toEqual(xs.flatMap((x) => [...new Set([x, x, -x])]))
        }),
        { numRuns: 30 },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(mapConcat(copies))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => mapConcat(null as never), TypeError, 'mapConcat(f): expected a function, got null')
      expectBuildError(() => Source.single(1).mapConcat([1] as never), TypeError, 'mapConcat(f): expected a function, got an array')
    })

    it('emits one element per pull out of an expansion, and pulls upstream only when it is used up', async () => {
      const [up, down] = probeFlow(mapConcat((x: number) => [x, x + 1, x + 2]))
      down.request(1)
      await up.expectRequest()
      up.sendNext(10)
      await down.expectNext(10)
      down.request(2)
      await down.expectNext(11, 12)
      await up.expectNoRequest(5)
      down.request(1)
      await up.expectRequest()
    })

    it('finishes the current expansion after upstream completes, then completes', async () => {
      const [up, down] = probeFlow(mapConcat((x: number) => [x, x]))
      down.request(1)
      up.sendNext(7)
      await down.expectNext(7)
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(7)
      down.request(1)
      await down.expectComplete()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(mapConcat(copies))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-expansion, and closes the expansion iterator', async () => {
      let closed = false
      function* endless(x: number): Generator<number> {
        try {
          for (;;) yield x
        } finally {
          closed = true
        }
      }
      const [up, down] = probeFlow(mapConcat(endless))
      down.request(2)
      up.sendNext(1)
      await down.expectNext(1, 1)
      down.cancel()
      await up.expectCancellation()
      expect(closed).toBe(true)
    })

    it('completes with no demand outstanding when no expansion is open', async () => {
      const [up, down] = probeFlow(mapConcat((x: number) => [x]))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      // the single-element expansion is still open until the next pull finds it used up
      down.request(1)
      await down.expectComplete()
    })

    it('fails with the error f threw, naming mapConcat, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        mapConcat((x: number) => {
          if (x === 2) throw boom
          return [x]
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('mapConcat')
      await up.expectCancellation()
    })

    it('fails with the error the expansion iterator threw, naming mapConcat', async () => {
      const boom = new Error('iterator broke')
      function* broken(): Generator<number> {
        yield 1
        throw boom
      }
      const err = await Source.single(0).mapConcat(broken).runCollect().catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('mapConcat')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => mapConcat((x: number) => [x, x]), [1, 2, 3]))

    it('closes an open expansion when upstream fails', async () => {
      let closed = false
      function* expansion(x: number): Generator<number> {
        try {
          yield x
          yield x
        } finally {
          closed = true
        }
      }
      const boom = new Error('boom')
      const [up, down] = probeFlow(mapConcat(expansion))
      down.request(1)
      up.sendNext(5)
      await down.expectNext(5)
      up.sendError(boom) // the expansion of 5 is still open
      await down.expectError(boom)
      expect(closed).toBe(true)
    })
  })
})
