import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { initialDelay } from '../../../src/operators/time/initialDelay.js'
import { demandInvariant, equivalentTo, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

describe('initialDelay', () => {
  it('keeps the demand contract', () => demandInvariant(() => initialDelay<number>(5), { input: ints(), numRuns: RUNS }))

  it('emits every element (Array identity)', () => equivalentTo(() => initialDelay<number>(3), (xs) => xs, { input: ints(), numRuns: RUNS }))

  it('pulls upstream first at the delay, then passes everything through', () =>
    fc.assert(
      fc.asyncProperty(arrivals(), fc.integer({ min: 0, max: 40 }), async (input, d) => {
        const endAt = (input.at(-1)?.[0] ?? 0) + 1
        const run = await runTimed(timed(input, { at: endAt }).initialDelay(d))
        if (input.length > 0) expect(run.mat.pulls[0]).toBe(d)
        expect(run.out).toEqual(input.map(([t, x]) => [Math.max(t, d), x]))
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('abc|').initialDelay(5), '-----(abc|)')
  })

  it('completes when upstream completes, even before the delay is over', async () => {
    const run = await runTimed(Source.empty<number>().initialDelay('1h'))
    expect(run.end).toEqual({ at: 0, kind: 'complete' })
    expect(run.pendingTimers).toBe(0)
  })

  it('rejects a bad argument, and fails with an upstream failure at once', async () => {
    expectBuildError(() => initialDelay(NaN), RangeError, 'initialDelay(duration): expected a finite non-negative number, got NaN')
    const boom = new Error('up')
    const run = await runTimed(Source.failed<number>(boom).initialDelay('1h'))
    expect(run.end).toEqual({ at: 0, kind: 'error', error: boom })
    expect(run.pendingTimers).toBe(0)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => initialDelay<number>(4), [1, 2, 3]))
})
