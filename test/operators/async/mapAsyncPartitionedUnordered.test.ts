import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Source } from '../../../src/index.js'
import { mapAsyncPartitionedUnordered } from '../../../src/operators/async/mapAsyncPartitionedUnordered.js'
import { demandInvariant } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { asksOnlyWithRoom } from '../../support/asyncRoom.js'
import { deferred } from '../../support/timed.js'

const part = (x: number): number => Math.abs(x) % 3
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b)

describe('mapAsyncPartitionedUnordered', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => mapAsyncPartitionedUnordered(3, part, (x: number) => (x % 2 === 0 ? Promise.resolve(x) : x)), {
        input: ints(),
        numRuns: RUNS,
      }))

    // A pull that downstream makes during a push goes straight upstream when onPull would only pull.
    it('asks upstream only while it has room, when downstream pulls during its push', () =>
      asksOnlyWithRoom(
        (source, parallelism, f) => source.mapAsyncPartitionedUnordered(parallelism, (i) => i % 3, f),
        ({ all, take, out }) => {
          if (take === undefined) expect(sorted(out)).toEqual(sorted(all))
          else expect(out.length).toBe(Math.min(take, all.length))
        },
        4,
      ))
  })

  describe('model', () => {
    it('emits what Array.map computes (as a multiset, skipping null), one call per partition at a time, each partition in order, at most parallelism held', () =>
      fc.assert(
        fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 5 }), ints(15), async (s, parallelism, xs) => {
          const busy = new Set<number>()
          const calls: number[] = []
          let started = 0
          let emitted = 0
          let worstHeld = 0
          let overlap = false
          const f = (x: number, p: number): Promise<number | null> => {
            if (busy.has(p)) overlap = true
            busy.add(p)
            calls.push(x)
            started++
            return s.schedule(Promise.resolve(x % 7 === 0 ? null : x)).then((v) => {
              busy.delete(p)
              if (v === null) emitted++ // skipped: it leaves the stage now
              return v
            })
          }
          const out = await s.waitFor(
            Source.from(xs)
              .map((x) => ((worstHeld = Math.max(worstHeld, started - emitted)), x))
              .mapAsyncPartitionedUnordered(parallelism, part, f)
              .map((x) => (emitted++, x))
              .runCollect(),
          )
          expect(sorted(out)).toEqual(sorted(xs.filter((x) => x % 7 !== 0)))
          expect(overlap).toBe(false)
          for (const p of [0, 1, 2]) {
            expect(calls.filter((x) => part(x) === p)).toEqual(xs.filter((x) => part(x) === p))
            expect(out.filter((x) => part(x) === p)).toEqual(xs.filter((x) => part(x) === p && x % 7 !== 0))
          }
          expect(worstHeld).toBeLessThanOrEqual(parallelism)
        }),
        { numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('rejects bad arguments at build time', () => {
      expectBuildError(() => mapAsyncPartitionedUnordered(0, part, (x: number) => x), RangeError, 'mapAsyncPartitionedUnordered(parallelism): expected a positive integer, got 0')
      expectBuildError(() => mapAsyncPartitionedUnordered(1, 3 as never, (x: number) => x), TypeError, 'mapAsyncPartitionedUnordered(partitionOf): expected a function, got 3')
      expectBuildError(() => Source.single(1).mapAsyncPartitionedUnordered(1, part, undefined as never), TypeError, 'mapAsyncPartitionedUnordered(f): expected a function, got undefined')
    })

    it('completes an empty stream', async () => {
      const [up, down] = probeFlow(mapAsyncPartitionedUnordered(2, part, (x: number) => x))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('emits a result as soon as it settles, and starts the next call of a partition only when the previous one settled', async () => {
      const d = [deferred<string>(), deferred<string>(), deferred<string>()]
      const started: string[] = []
      let i = 0
      const [src, sink] = probeFlow(
        Flow.create<string>().mapAsyncPartitionedUnordered(
          3,
          (x) => x[0]!,
          (x) => (started.push(x), d[i++]!.promise),
        ),
      )
      sink.request(3)
      src.sendNext('a1').sendNext('a2').sendNext('b1').sendComplete()
      await sink.expectNoMessage(10)
      expect(started).toEqual(['a1', 'b1'])
      d[1]!.resolve('B1') // b1 settles first: out at once, ahead of a1
      await sink.expectNext('B1')
      d[0]!.resolve('A1')
      await sink.expectNext('A1')
      expect(started).toEqual(['a1', 'b1', 'a2'])
      d[2]!.resolve('A2')
      await sink.expectNext('A2')
      await sink.expectComplete()
    })

    it('fails with a rejection, with what partitionOf or f throws (naming the stage), and on upstream failure', async () => {
      const boom = new Error('boom')
      expect(await Source.from([1, 2]).mapAsyncPartitionedUnordered(2, part, (x) => (x === 2 ? Promise.reject(boom) : x)).runCollect().catch((e: unknown) => e)).toBe(boom)
      const bad = new Error('partition')
      const err = await Source.from([1])
        .mapAsyncPartitionedUnordered(
          2,
          () => {
            throw bad
          },
          (x) => x,
        )
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(bad)
      expect(failedStage(err)?.stage).toBe('mapAsyncPartitionedUnordered')
      const up = new Error('up')
      expect(await Source.failed<number>(up).mapAsyncPartitionedUnordered(1, part, (x) => x).runCollect().catch((e: unknown) => e)).toBe(up)
    })

    it('cancels upstream when downstream cancels and ignores results that settle afterwards', async () => {
      const d = deferred<number>()
      const [src, sink] = probeFlow(Flow.create<number>().mapAsyncPartitionedUnordered(2, part, () => d.promise))
      sink.request(1)
      src.sendNext(1)
      sink.cancel()
      await src.expectCancellation()
      d.resolve(1)
      await sink.expectNoMessage(10)
      expect(sink.received).toEqual([])
    })
  })

  describe('cleanup', () => {
    it('leaves nothing behind after completion, failure and cancel', () =>
      flowCleanup(() => mapAsyncPartitionedUnordered(2, part, (x: number) => Promise.resolve(x)), [1, 2, 3]))
  })
})
