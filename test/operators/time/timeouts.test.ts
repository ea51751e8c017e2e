import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source, TimeoutError } from '../../../src/index.js'
import { backpressureTimeout } from '../../../src/operators/time/backpressureTimeout.js'
import { completionTimeout } from '../../../src/operators/time/completionTimeout.js'
import { idleTimeout } from '../../../src/operators/time/idleTimeout.js'
import { initialTimeout } from '../../../src/operators/time/initialTimeout.js'
import { demandInvariant, equivalentTo, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

/** Asserts that a run failed with a TimeoutError of `operator` for `ms`, exactly at `at`. */
function expectTimeout(end: { at: number; kind: string; error?: unknown } | undefined, operator: string, ms: number, at: number): void {
  expect(end?.kind).toBe('error')
  expect(end?.at, 'the failure time').toBe(at)
  expect(end?.error).toBeInstanceOf(TimeoutError)
  const e = end!.error as TimeoutError
  expect(e.operator).toBe(operator)
  expect(e.durationMs).toBe(ms)
}

const all = [
  ['idleTimeout', () => idleTimeout<number>(1000)],
  ['completionTimeout', () => completionTimeout<number>(1000)],
  ['initialTimeout', () => initialTimeout<number>(1000)],
  ['backpressureTimeout', () => backpressureTimeout<number>(1000)],
] as const

describe('timeouts: what they share', () => {
  for (const [name, make] of all) {
    it(`${name} keeps the demand contract and passes a stream in time unchanged`, async () => {
      await demandInvariant(make, { input: ints(), numRuns: 30, schedule: fc.constant([{ request: 1e6 }]) })
      await equivalentTo(make, (xs) => xs, { input: ints(), numRuns: 30, schedule: fc.constant([{ request: 1e6 }]) })
    })
    it(`${name} leaves nothing behind after completion, failure and cancel`, () => flowCleanup(make, [1, 2, 3]))
    it(`${name} completes an empty stream and passes an upstream failure on`, async () => {
      expect(await Source.empty<number>().via(make()).runCollect()).toEqual([])
      const boom = new Error('up')
      expect(await Source.failed<number>(boom).via(make()).runCollect().catch((e: unknown) => e)).toBe(boom)
    })
  }

  it('reject a duration that is not positive', () => {
    expectBuildError(() => idleTimeout(0), RangeError, 'idleTimeout(duration): expected a duration greater than 0, got 0')
    expectBuildError(() => completionTimeout(-5), RangeError, 'completionTimeout(duration): expected a finite non-negative number, got -5')
    expectBuildError(() => initialTimeout('0ms'), RangeError, 'initialTimeout(duration): expected a duration greater than 0, got "0ms"')
    expectBuildError(() => backpressureTimeout(Infinity), RangeError, 'backpressureTimeout(duration): expected a finite non-negative number, got Infinity')
  })
})

describe('idleTimeout', () => {
  it('fails exactly `duration` after the last element when the next is later, else passes everything', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 20 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 20 }), async (input, k, tail) => {
        const d = k + 0.5
        const endAt = (input.at(-1)?.[0] ?? 0) + tail
        const run = await runTimed(timed(input, { at: endAt }).idleTimeout(d))
        const times = [0, ...input.map(([t]) => t), endAt]
        const gap = times.findIndex((t, i) => i > 0 && t - times[i - 1]! > d)
        if (gap < 0) {
          expect(run.out).toEqual(input)
          expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        } else {
          const deadline = times[gap - 1]! + d
          expect(run.out).toEqual(input.filter(([t]) => t < deadline))
          expectTimeout(run.end, 'idleTimeout', d, deadline)
          expect((run.end!.error as Error).message).toBe(`idleTimeout: no element passed for ${d} ms`)
          expect(run.mat.cancelledAt).toBe(deadline)
        }
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a--b-------').idleTimeout(6), '-a--b-----#', {}, { error: TimeoutError })
  })
})

describe('completionTimeout', () => {
  it('fails exactly at the deadline when the stream is still running, else completes', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 10 }), fc.integer({ min: 1, max: 80 }), async (input, k) => {
        const d = k + 0.5
        const endAt = (input.at(-1)?.[0] ?? 0) + 1
        const run = await runTimed(timed(input, { at: endAt }).completionTimeout(d))
        if (endAt < d) expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        else {
          expectTimeout(run.end, 'completionTimeout', d, d)
          expect((run.end!.error as Error).message).toBe(`completionTimeout: the stream did not complete within ${d} ms`)
        }
        expect(run.out).toEqual(input.filter(([t]) => t < d))
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a--b---c--d-').completionTimeout(7), '-a--b--#', {}, { error: TimeoutError })
  })
})

describe('initialTimeout', () => {
  it('fails exactly at the deadline when no element came before it, and never after the first one', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 30 }), fc.integer({ min: 1, max: 40 }), async (input, k) => {
        const d = k + 0.5
        const endAt = (input.at(-1)?.[0] ?? 0) + 100
        const run = await runTimed(timed(input, { at: endAt }).initialTimeout(d))
        const first = input[0]?.[0] ?? endAt
        if (first < d) {
          expect(run.out).toEqual(input)
          expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        } else {
          expect(run.out).toEqual([])
          expectTimeout(run.end, 'initialTimeout', d, d)
          expect((run.end!.error as Error).message).toBe(`initialTimeout: the first element did not arrive within ${d} ms`)
        }
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('--------a--').initialTimeout(5), '-----#', {}, { error: TimeoutError })
  })
})

describe('backpressureTimeout', () => {
  it('fails exactly `duration` after an emission that downstream did not follow with a pull in time', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 15 }), async (delays, k) => {
        const d = k + 0.5
        const n = delays.length
        const items = Array.from({ length: n }, (_, i) => [0, i] as const)
        const run = await runTimed(timed(items, null).backpressureTimeout(d), { pullDelays: delays, until: 10_000 })
        // the i-th pull comes delays[i] after the previous emission (or the start)
        let t = 0
        let failedAt: number | undefined
        const want: [number, number][] = []
        for (let i = 0; i < n; i++) {
          if (delays[i]! > d) {
            failedAt = t + d
            break
          }
          t += delays[i]!
          want.push([t, i])
        }
        expect(run.out).toEqual(want)
        if (failedAt !== undefined) {
          expectTimeout(run.end, 'backpressureTimeout', d, failedAt)
          expect((run.end!.error as Error).message).toBe(`backpressureTimeout: downstream did not pull within ${d} ms`)
        } else expect(run.end).toBeUndefined() // still running, cancelled at `until`
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    const run = await runTimed(timed([[1, 'a'], [3, 'b']], null).backpressureTimeout(5), { pullDelays: [0, 0, 100] })
    expect(run.out).toEqual([[1, 'a'], [3, 'b']])
    expectTimeout(run.end, 'backpressureTimeout', 5, 8)
  })

  it('does not fail while downstream keeps asking, however slow upstream is', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().backpressureTimeout(5))
    sink.request(1)
    await sink.expectNoMessage(30)
    src.sendNext(1)
    await sink.expectNext(1)
  })
})
