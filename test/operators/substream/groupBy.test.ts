import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source, TooManySubstreamsError, VirtualScheduler } from '../../../src/index.js'
import { groupBy } from '../../../src/operators/substream/groupBy.js'
import { demandInvariant, demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { sorted } from '../../support/substreams.js'

const mod3 = (x: number): number => ((x % 3) + 3) % 3

/** Tags every element with the id of the substream it went through (ids count materializations). */
function tagged(max: number, keyOf: (x: number) => number) {
  let next = 0
  return Flow.create<number>()
    .groupBy(max, keyOf)
    .statefulMap(
      () => next++,
      (id, x) => [id, [id, x] as const],
    )
    .mergeSubstreams()
}

describe('groupBy', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(() => Flow.create<number>().groupBy(3, mod3).map((x) => x * 2).mergeSubstreams(), { input: ints(), numRuns: RUNS })
    })

    it('keeps the contract with concatSubstreams when keys come in runs', async () => {
      await demandInvariant(() => Flow.create<number>().splitWhen((x) => x === 0).mergeSubstreamsWithParallelism(1), {
        input: ints(),
        numRuns: RUNS / 2,
      })
    })
  })

  describe('model', () => {
    it('routes each element to exactly one substream, the one of its key, in order', async () => {
      await fc.assert(
        fc.asyncProperty(ints(20), demandSchedule({ cancel: 'never' }), async (input, schedule) => {
          const run = await runScheduled(Source.from(input).via(tagged(3, mod3)), schedule)
          expectClean(run, 'completed')
          // exactly once: the multiset of elements is the input
          expect(sorted(run.elements.map(([, x]) => x))).toEqual(sorted(input))
          // one substream per key, one key per substream
          const keyOfId = new Map<number, number>()
          const idOfKey = new Map<number, number>()
          for (const [id, x] of run.elements) {
            expect(keyOfId.get(id) ?? mod3(x)).toBe(mod3(x))
            expect(idOfKey.get(mod3(x)) ?? id).toBe(id)
            keyOfId.set(id, mod3(x))
            idOfKey.set(mod3(x), id)
          }
          // each substream has its key's elements in input order
          for (const [key, id] of idOfKey) {
            const got = run.elements.filter(([i]) => i === id).map(([, x]) => x)
            expect(got).toEqual(input.filter((x) => mod3(x) === key))
          }
        }),
        { numRuns: RUNS },
      )
    })

    it('fails with TooManySubstreamsError exactly when the keys exceed maxSubstreams', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 4 }), elementsOfKeys(), async (max, input) => {
          const run = await runScheduled(Source.from(input).groupBy(max, (x) => x).mergeSubstreams(), [{ request: 1e6 }])
          expect(run.violations).toEqual([])
          const keys = new Set(input).size
          if (keys <= max) expect(run.outcome).toBe('completed')
          else {
            expect(run.outcome).toBe('failed')
            expect(run.error).toBeInstanceOf(TooManySubstreamsError)
            expect((run.error as TooManySubstreamsError).maxSubstreams).toBe(max)
          }
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects bad arguments at build time', () => {
      expectBuildError(() => groupBy(0, mod3), RangeError, 'groupBy(maxSubstreams): expected a positive integer, got 0')
      expectBuildError(() => groupBy(2, null as never), TypeError, 'groupBy(keyOf): expected a function, got null')
      expectBuildError(
        () => groupBy(2, mod3, { overflow: 'drop' as never }),
        RangeError,
        "groupBy(options.overflow): expected 'fail' or 'backpressure', got drop",
      )
    })

    it('names the limit in its error', async () => {
      const err = await Source.range(0, 10).groupBy(2, mod3).mergeSubstreams().runCollect().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(TooManySubstreamsError)
      expect((err as Error).message).toBe(
        "groupBy(maxSubstreams): a new key would open substream number 3 but maxSubstreams is 2; raise the limit, or pass { overflow: 'backpressure' } to wait until a substream closes",
      )
    })

    it("under { overflow: 'backpressure' } waits until a substream closes", async () => {
      const out = await Source.from([1, 1, 2, 2, 3, 3])
        .groupBy(1, (x) => x, { overflow: 'backpressure' })
        .take(2)
        .mergeSubstreams()
        .runCollect()
      expect(out).toEqual([1, 1, 2, 2, 3, 3])
    })

    it('drops later elements of a key whose substream was cancelled, unless recreation is allowed', async () => {
      const input = [1, 2, 1, 1, 2, 1]
      expect(await Source.from(input).groupBy(4, (x) => x).take(1).mergeSubstreams().runCollect()).toEqual([1, 2])
      const again = await Source.from(input).groupBy(4, (x) => x, { allowClosedSubstreamRecreation: true }).take(1).mergeSubstreams().runCollect()
      expect(again).toEqual([1, 2, 1, 1, 2, 1]) // each element opens a fresh substream
    })

    it('completes an empty stream without demand', async () => {
      const [up, down] = probeFlow(Flow.create<number>().groupBy(2, mod3).mergeSubstreams())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('fails every substream and the stream when upstream fails', async () => {
      const [up, down] = probeFlow(Flow.create<number>().groupBy(3, mod3).mergeSubstreams())
      down.request(2)
      up.sendNext(1).sendNext(2)
      await down.expectNextN(2)
      up.sendError(new Error('upstream broke'))
      await down.expectError(/upstream broke/)
    })

    it('fails when keyOf throws, and when a substream fails', async () => {
      const boom = new Error('key')
      await expect(Source.from([1, 2]).groupBy(2, () => { throw boom }).mergeSubstreams().runCollect()).rejects.toBe(boom)
      const sub = new Error('substream')
      const out = Source.range(0, 6).groupBy(3, mod3).map((x) => { if (x === 4) throw sub; return x }).mergeSubstreams().runCollect()
      await expect(out).rejects.toBe(sub)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(Flow.create<number>().groupBy(3, mod3).mergeSubstreams())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('cancels a raw substream nobody runs within the timeout, and the stream still ends', async () => {
      const scheduler = new VirtualScheduler()
      const done = Source.from([1, 2, 3]).via(groupBy(3, (x: number) => x, { subscriptionTimeout: 100 })).runCollect({ scheduler })
      await scheduler.advance(99)
      expect(scheduler.pendingTimers).toBe(1) // the first substream still waits for its element to be taken
      await scheduler.advance(1000) // each substream times out in turn, 100 ms after it was emitted
      expect((await done).length).toBe(3)
      expect(scheduler.pendingTimers).toBe(0)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => Flow.create<number>().groupBy(3, mod3).mergeSubstreams(), [1, 2, 3])
      await flowCleanup(() => Flow.create<number>().groupBy(3, mod3).take(1).mergeSubstreams(), [1, 2, 3])
    })
  })
})

function elementsOfKeys(): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 })
}
