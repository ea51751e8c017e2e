import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { tick } from '../../../src/operators/time/tick.js'
import { timer } from '../../../src/operators/time/timer.js'
import { expectTimeline, runScheduled, VirtualScheduler } from '../../../src/testkit/index.js'
import { expectBuildError, RUNS, sourceDemandLaw } from '../../support/operators.js'
import { runTimed } from '../../support/timed.js'

describe('Source.tick', () => {
  it('keeps the demand contract (bounded with take)', () =>
    sourceDemandLaw(() => Source.tick(3, 10, 'x').take(5), (run) => expect(run.elements.every((x) => x === 'x')).toBe(true)))

  it('emits at initialDelay + k × interval, dropping the ticks that find downstream busy', () =>
    fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 10 }),
        async (first, every, delays) => {
          const run = await runTimed(Source.tick(first, every, 'x'), { pullDelays: delays, until: 400 })
          let pullAt = delays[0] ?? 0
          run.out.forEach(([t], i) => {
            expect((t - first) % every, `tick at ${t}`).toBe(0)
            expect(t).toBeGreaterThanOrEqual(pullAt) // never before it was asked for
            expect(t - Math.max(pullAt, first)).toBeLessThanOrEqual(every) // the first tick after the pull (a tick at the pull time may have fired just before it)
            pullAt = t + (delays[i + 1] ?? 0)
          })
          expect(run.pendingTimers).toBe(0) // cancelled at `until`: the periodic timer is gone
        },
      ),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(Source.tick(2, 3, 'x'), '--x--x--x--x...')
  })

  it('completes when its Cancellable is cancelled', async () => {
    const scheduler = new VirtualScheduler()
    const [ticks, done] = Source.tick(0, 10, 1).toMat(Sink.collect(), Keep.both).run({ scheduler })
    await scheduler.advance(25)
    expect(ticks.isCancelled).toBe(false)
    expect(ticks.cancel()).toBe(true)
    expect(ticks.cancel()).toBe(false)
    expect(ticks.isCancelled).toBe(true)
    expect(await done).toEqual([1, 1, 1])
    expect(scheduler.pendingTimers).toBe(0)
  })

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => tick(-1, 10, 'x'), RangeError, 'tick(initialDelay): expected a finite non-negative number, got -1')
    expectBuildError(() => tick(0, 0, 'x'), RangeError, 'tick(interval): expected a duration greater than 0, got 0')
    expectBuildError(() => tick(0, 10, null), TypeError, 'tick(value): expected a value, got null')
  })

  it('clears its timer when downstream cancels', async () => {
    const run = await runScheduled(Source.tick(0, 5, 'x'), [{ request: 2 }, { pause: 30 }, { cancel: true }])
    expect(run.elements).toEqual(['x', 'x'])
    expect(run.pendingTimers).toBe(0)
  })
})

describe('Source.timer', () => {
  it('keeps the demand contract', () =>
    sourceDemandLaw(() => Source.timer(7, 'done'), (run) => {
      if (run.outcome === 'completed') expect(run.elements).toEqual(['done'])
    }))

  it('emits once at the delay, or when downstream pulls if later, then completes', async () => {
    expect((await runTimed(Source.timer('1s', 'x'))).out).toEqual([[1000, 'x']])
    const late = await runTimed(Source.timer(5, 'x'), { pullDelays: [20] })
    expect(late.out).toEqual([[20, 'x']])
    expect(late.end).toEqual({ at: 20, kind: 'complete' })
    expect(late.pendingTimers).toBe(0)
  })

  it('matches the timeline in its docs', async () => {
    await expectTimeline(Source.timer(5, 'x'), '-----(x|)')
  })

  it('rejects bad arguments, and clears its timer when cancelled', async () => {
    expectBuildError(() => timer('later' as never, 1), RangeError, `timer(delay): expected a duration (milliseconds, or a string such as '250ms', '2s', '1m'), got "later"`)
    expectBuildError(() => timer(1, undefined), TypeError, 'timer(value): expected a value, got undefined')
    const run = await runScheduled(Source.timer('1h', 'x'), [{ request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([])
    expect(run.pendingTimers).toBe(0)
  })
})
