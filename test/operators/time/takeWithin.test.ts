import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { dropWithin } from '../../../src/operators/time/dropWithin.js'
import { takeWithin } from '../../../src/operators/time/takeWithin.js'
import { demandInvariant, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

describe('takeWithin', () => {
  it('keeps the demand contract', () => demandInvariant(() => takeWithin<number>(7), { input: ints(), numRuns: RUNS }))

  it('passes what arrives before the deadline and completes exactly at it, cancelling upstream', () =>
    fc.assert(
      fc.asyncProperty(arrivals(), fc.integer({ min: 0, max: 60 }), async (input, k) => {
        const d = k + 0.5
        const endAt = (input.at(-1)?.[0] ?? 0) + 1
        const src = timed(input, { at: endAt })
        const run = await runTimed(src.takeWithin(d))
        expect(run.out).toEqual(input.filter(([t]) => t < d))
        expect(run.end).toEqual({ at: Math.min(d, endAt), kind: 'complete' })
        if (endAt > d) expect(run.mat.cancelledAt).toBe(d)
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a--b--c--d-|').takeWithin(6), '-a--b-|')
  })

  it('completes at once without pulling for a duration of 0', async () => {
    const run = await runTimed(timed([[0, 1]], null).takeWithin(0))
    expect(run.out).toEqual([])
    expect(run.end).toEqual({ at: 0, kind: 'complete' })
    expect(run.mat.pulls).toEqual([])
  })

  it('rejects a bad argument, completes an empty stream, and fails with an upstream failure', async () => {
    expectBuildError(() => takeWithin(-1), RangeError, 'takeWithin(duration): expected a finite non-negative number, got -1')
    expect(await Source.empty<number>().takeWithin('1h').runCollect()).toEqual([])
    const boom = new Error('up')
    expect(await Source.failed<number>(boom).takeWithin('1h').runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => takeWithin<number>(50), [1, 2, 3]))
})

describe('dropWithin', () => {
  it('keeps the demand contract', () => demandInvariant(() => dropWithin<number>(7), { input: ints(), numRuns: RUNS }))

  it('drops what arrives up to the deadline and passes the rest', () =>
    fc.assert(
      fc.asyncProperty(arrivals(), fc.integer({ min: 0, max: 60 }), async (input, d) => {
        const endAt = (input.at(-1)?.[0] ?? 0) + 1
        const run = await runTimed(timed(input, { at: endAt }).dropWithin(d))
        expect(run.out).toEqual(input.filter(([t]) => t > d)) // an element exactly at the deadline is dropped
        expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a--b--c--d-|').dropWithin(6), '-------c--d-|')
  })

  it('rejects a bad argument, completes an empty stream, and fails with an upstream failure', async () => {
    expectBuildError(() => dropWithin('x' as never), RangeError, `dropWithin(duration): expected a duration (milliseconds, or a string such as '250ms', '2s', '1m'), got "x"`)
    expect(await Source.empty<number>().dropWithin('1h').runCollect()).toEqual([])
    const boom = new Error('up')
    expect(await Source.failed<number>(boom).dropWithin(5).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => dropWithin<number>(0), [1, 2, 3]))
})
