import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Sink, Source, SubstreamTimeoutError, VirtualScheduler } from '../../../src/index.js'
import { prefixAndTail } from '../../../src/operators/substream/prefixAndTail.js'
import { demandInvariant, equivalentTo, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, flowCleanup, ints, probeFlow, RUNS, trackedEndless } from '../../support/operators.js'

/** prefixAndTail(n), then the prefix and the tail flattened back into one stream. */
const roundTrip = (n: number) =>
  Flow.create<number>()
    .prefixAndTail(n)
    .flatMapConcat(([prefix, tail]) => Source.from(prefix).concat(tail))

describe('prefixAndTail', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const n of [0, 1, 3]) await demandInvariant(() => roundTrip(n), { input: ints(), numRuns: RUNS / 2 })
      await demandInvariant(prefixAndTail<number>(2), { input: ints(), numRuns: RUNS / 2, schedule: fc.constant([{ cancel: true } as const]) })
    })
  })

  describe('model', () => {
    it('prefix then tail equals the input', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 5 }), async (n) => {
          await equivalentTo(() => roundTrip(n), (xs) => xs, { input: ints(), numRuns: 10 })
        }),
        { numRuns: 10 },
      )
    })

    it('the prefix is the first n elements (fewer when upstream is shorter)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 5 }), ints(8), async (n, input) => {
          const [prefix, tail] = await Source.from(input).prefixAndTail(n).runWith(Sink.head())
          expect(prefix).toEqual(input.slice(0, n))
          expect(await tail.runCollect()).toEqual(input.slice(n))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a bad n at build time', () => {
      expectBuildError(() => prefixAndTail(-1), RangeError, 'prefixAndTail(n): expected a non-negative integer, got -1')
    })

    it('with n = 0 emits at once, before pulling upstream', async () => {
      const [up, down] = probeFlow(prefixAndTail<number>(0))
      const [prefix] = await down.requestNext()
      expect(prefix).toEqual([])
      await down.expectComplete()
      expect(up.requests).toBe(0)
    })

    it('emits an empty tail when upstream completes early, and passes a failure on', async () => {
      const [prefix, tail] = await Source.from([1]).prefixAndTail(3).runWith(Sink.head())
      expect(prefix).toEqual([1])
      expect(await tail.runCollect()).toEqual([])
      await expect(Source.failed(new Error('early')).prefixAndTail(2).runCollect()).rejects.toThrow('early')
    })

    it('fails the tail when upstream fails after the prefix', async () => {
      const source = Source.from([1, 2, 3]).map((x) => { if (x === 3) throw new Error('late'); return x })
      const [, tail] = await source.prefixAndTail(1).runWith(Sink.head())
      await expect(tail.runCollect()).rejects.toThrow('late')
    })

    it('cancels upstream when downstream cancels before the pair', async () => {
      const [up, down] = probeFlow(prefixAndTail<number>(3))
      down.request(1)
      up.sendNext(1)
      await up.expectRequest()
      down.cancel()
      await up.expectCancellation()
    })

    it('cancels upstream when the tail is cancelled', async () => {
      const endless = trackedEndless()
      const [, tail] = await endless.source.prefixAndTail(2).runWith(Sink.head())
      expect(await Source.fromGraph(tail).take(3).runCollect()).toEqual([2, 3, 4])
      await new Promise((r) => setTimeout(r, 0))
      expect(endless.tracking.finallyRan).toBe(true)
    })

    it('gives up on a tail nobody runs within the timeout: upstream is cancelled, a late run fails', async () => {
      const scheduler = new VirtualScheduler()
      const endless = trackedEndless()
      const pair = endless.source.prefixAndTail(1, { subscriptionTimeout: '1s' }).runWith(Sink.head(), { scheduler })
      const [, tail] = await pair
      await scheduler.advance(999)
      expect(endless.tracking.finallyRan).toBe(false)
      await scheduler.advance(1)
      expect(endless.tracking.finallyRan).toBe(true)
      expect(scheduler.pendingTimers).toBe(0)
      await expect(tail.runCollect()).rejects.toBeInstanceOf(SubstreamTimeoutError)
    })

    it('runs the tail only once', async () => {
      const [, tail] = await Source.from([1, 2]).prefixAndTail(1).runWith(Sink.head())
      expect(await tail.runCollect()).toEqual([2])
      expect(() => tail.runCollect()).toThrow('a substream Source can be run only once')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => roundTrip(1), [1, 2, 3])
      const run = await runScheduled(Source.range(1, 5).via(roundTrip(2)), [{ request: 1e6 }])
      expectClean(run, 'completed')
    })
  })
})
