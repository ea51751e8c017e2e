import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { debounce } from '../../../src/operators/time/debounce.js'
import { demandInvariant, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

describe('debounce', () => {
  it('keeps the demand contract', () => demandInvariant(() => debounce<number>(5), { input: ints(), numRuns: RUNS }))

  it('emits an element exactly `duration` after it, unless a newer one came first; flushes at completion', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 12 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 15 }), async (input, k, tail) => {
        const d = k + 0.5 // arrivals are whole ms: no element ties with a deadline
        const endAt = (input.at(-1)?.[0] ?? 0) + tail
        const run = await runTimed(timed(input, { at: endAt }).debounce(d))
        const want: [number, number][] = []
        input.forEach(([t, x], i) => {
          const next = input[i + 1]?.[0]
          if (next !== undefined && next <= t + d) return // replaced
          want.push([Math.min(t + d, endAt), x])
        })
        expect(run.out).toEqual(want)
        expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a-b-------c---|').debounce(5), '--------b------(c|)')
  })

  it('holds a due element for a busy downstream, replacing it if a newer one arrives first', async () => {
    const [src, sink] = probeFlow(Flow.create<string>().debounce(5))
    src.sendNext('a')
    await sink.expectNoMessage(20) // due, but not asked for
    src.sendNext('b')
    await sink.expectNoMessage(20)
    sink.request(1)
    await sink.expectNext('b')
  })

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => debounce(0), RangeError, 'debounce(duration): expected a duration greater than 0, got 0')
    expectBuildError(() => debounce('soon' as never), RangeError, `debounce(duration): expected a duration (milliseconds, or a string such as '250ms', '2s', '1m'), got "soon"`)
  })

  it('completes an empty stream, and fails with an upstream failure dropping the held element', async () => {
    expect(await Source.empty<number>().debounce('1h').runCollect()).toEqual([])
    const boom = new Error('up')
    const run = await runTimed(timed([[0, 1]], { at: 2, error: boom }).debounce(10))
    expect(run.out).toEqual([])
    expect(run.end).toEqual({ at: 2, kind: 'error', error: boom })
    expect(run.pendingTimers).toBe(0)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => debounce<number>(3), [1, 2, 3]))
})
