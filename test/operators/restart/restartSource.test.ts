import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RestartSource, Source, VirtualScheduler } from '../../../src/index.js'
import { restartSource } from '../../../src/operators/restart/restartSource.js'
import { demandSchedule, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, RUNS } from '../../support/operators.js'
import { counting, expectAllClosed } from '../../support/substreams.js'

const fast = { minBackoff: 10, maxBackoff: 100, randomFactor: 0 }

describe('RestartSource', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(3), demandSchedule(), async (maxRestarts, schedule) => {
          const { census, inner } = counting((x: number) => [x, x + 1])
          const source = RestartSource.withBackoff({ ...fast, maxRestarts }, () => inner(1))
          const run = await runScheduled(source, schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
          expect(run.pendingTimers).toBe(0)
          expectAllClosed(census)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('waits within the backoff bounds before each restart (virtual time)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 50 }),
          fc.integer({ min: 1, max: 8 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.integer({ min: 1, max: 6 }),
          async (min, factor, randomFactor, maxRestarts) => {
            const max = min * factor
            const scheduler = new VirtualScheduler()
            const starts: number[] = []
            const boom = new Error('inner failed')
            const source = RestartSource.withBackoff({ minBackoff: min, maxBackoff: max, randomFactor, maxRestarts }, () => {
              starts.push(scheduler.now())
              return Source.failed<number>(boom)
            })
            const done = source.runCollect({ scheduler })
            await scheduler.runAll()
            await expect(done).rejects.toBe(boom) // the last failure passes on once maxRestarts is reached
            expect(starts.length).toBe(maxRestarts + 1)
            for (let n = 0; n < maxRestarts; n++) {
              const base = Math.min(max, min * 2 ** n)
              const gap = starts[n + 1]! - starts[n]!
              // the gap is a difference of virtual times that carry fractional delays: compare with a
              // tolerance for floating-point rounding (a gap of 0.9999999999999998 for a base of 1)
              expect(gap).toBeGreaterThanOrEqual(base - 1e-9)
              expect(gap).toBeLessThanOrEqual(base * (1 + randomFactor) + 1e-9)
            }
            expect(scheduler.pendingTimers).toBe(0)
          },
        ),
        { numRuns: RUNS },
      )
    })

    it('resets the backoff after an inner source ran longer than maxRestartsWithin', async () => {
      const scheduler = new VirtualScheduler()
      const starts: number[] = []
      const lifetimes = [0, 0, 500, 0, 0, 0] // the third run lasts 500 ms, longer than maxRestartsWithin
      const source = RestartSource.withBackoff({ minBackoff: 10, maxBackoff: 1000, randomFactor: 0, maxRestarts: 3, maxRestartsWithin: 100 }, () => {
        const life = lifetimes[starts.length]!
        starts.push(scheduler.now())
        return Source.single(0)
          .initialDelay(life)
          .map((): number => { throw new Error('inner failed') })
      })
      const done = source.runCollect({ scheduler }).catch(() => 'failed')
      await scheduler.runAll()
      expect(await done).toBe('failed')
      const gaps = starts.slice(1).map((t, i) => t - starts[i]!)
      // 10, 20, then the long run resets the count (and gives a fresh budget of 3): 500 ms of life + 10, 20, 40
      expect(gaps).toEqual([10, 20, 510, 20, 40])
    })

    it('withBackoff restarts after completion; onFailuresWithBackoff completes', async () => {
      const scheduler = new VirtualScheduler()
      const again = RestartSource.withBackoff({ ...fast, maxRestarts: 2 }, () => Source.from([1, 2])).runCollect({ scheduler })
      await scheduler.runAll()
      expect(await again).toEqual([1, 2, 1, 2, 1, 2])
      const once = RestartSource.onFailuresWithBackoff(fast, () => Source.from([1, 2])).runCollect({ scheduler })
      await scheduler.runAll()
      expect(await once).toEqual([1, 2])
    })
  })

  describe('edges', () => {
    it('rejects bad settings at build time', () => {
      expectBuildError(() => restartSource({ ...fast, minBackoff: -1 }, () => Source.empty()), RangeError, 'RestartSource.withBackoff(settings.minBackoff): expected a finite non-negative number, got -1')
      expectBuildError(() => restartSource({ ...fast, maxBackoff: 5 }, () => Source.empty()), RangeError, 'RestartSource.withBackoff(settings.maxBackoff): expected at least minBackoff (10 ms), got 5 ms')
      expectBuildError(() => restartSource({ ...fast, randomFactor: -0.5 }, () => Source.empty()), RangeError, 'RestartSource.withBackoff(settings.randomFactor): expected a finite non-negative number, got -0.5')
      expectBuildError(() => restartSource({ ...fast, maxRestarts: 1.5 }, () => Source.empty()), RangeError, 'RestartSource.withBackoff(settings.maxRestarts): expected a non-negative integer, got 1.5')
      expectBuildError(() => restartSource(fast, null as never, { onlyOnFailures: true }), TypeError, 'RestartSource.onFailuresWithBackoff(factory): expected a function, got null')
    })

    it('accepts durations with units', async () => {
      const scheduler = new VirtualScheduler()
      const starts: number[] = []
      const done = RestartSource.withBackoff({ minBackoff: '1s', maxBackoff: '1m', randomFactor: 0, maxRestarts: 1 }, () => {
        starts.push(scheduler.now())
        return Source.empty<number>()
      }).runCollect({ scheduler })
      await scheduler.runAll()
      await done
      expect(starts).toEqual([0, 1000])
    })

    it('treats a throwing factory as a failed inner source', async () => {
      const scheduler = new VirtualScheduler()
      let calls = 0
      const done = RestartSource.withBackoff({ ...fast, maxRestarts: 2 }, () => {
        if (++calls < 3) throw new Error(`factory ${calls}`)
        return Source.single(7)
      }).runCollect({ scheduler })
      await scheduler.runAll()
      expect(await done).toEqual([7])
      expect(calls).toBe(3)
    })

    it('fails with the last error once maxRestarts is reached, and maxRestarts 0 never restarts', async () => {
      const boom = new Error('once')
      await expect(RestartSource.withBackoff({ ...fast, maxRestarts: 0 }, () => Source.failed(boom)).runCollect()).rejects.toBe(boom)
    })

    it('cancels the inner source, and the pending restart, when downstream cancels', async () => {
      const scheduler = new VirtualScheduler()
      const { census, inner } = counting((x: number) => [x, x, x])
      const down = RestartSource.withBackoff(fast, () => inner(1)).runWith(TestSink.probe<number>(), { scheduler })
      down.request(4)
      await down.expectNext(1, 1, 1)
      await down.expectNoMessage(5) // backing off now
      down.cancel()
      await scheduler.runAll()
      expect(scheduler.pendingTimers).toBe(0)
      expect(census.opened).toBe(1)
      expectAllClosed(census)
    })
  })

  describe('cleanup', () => {
    it('leaves no timer and no stage behind after completion, failure and cancel', async () => {
      const completed = await runScheduled(RestartSource.onFailuresWithBackoff(fast, () => Source.from([1])), [{ request: 5 }])
      expectClean(completed, 'completed')
      const failed = await runScheduled(RestartSource.withBackoff({ ...fast, maxRestarts: 1 }, () => Source.failed(new Error('x'))), [{ request: 5 }])
      expectClean(failed, 'failed')
      const cancelled = await runScheduled(RestartSource.withBackoff(fast, () => Source.from([1])), [{ request: 3 }, { pause: 15 }, { cancel: true }])
      expectClean(cancelled, 'cancelled')
    })
  })
})
