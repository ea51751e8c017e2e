import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { sample } from '../../../src/operators/time/sample.js'
import { demandInvariant, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

describe('sample', () => {
  it('keeps the demand contract', () => demandInvariant(() => sample<number>(5), { input: ints(), numRuns: RUNS }))

  it('emits, at each tick, the latest element since the previous sample', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 8 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 15 }), async (input, k, tail) => {
        const period = k + 0.37 // arrivals are whole ms: no element ties with a tick
        const endAt = (input.at(-1)?.[0] ?? 0) + tail
        const run = await runTimed(timed(input, { at: endAt }).sample(period))
        const want: [number, number][] = []
        let i = 0
        for (let n = 1; n * period < endAt; n++) {
          const tick = n * period
          let latest: number | undefined
          while (i < input.length && input[i]![0] <= tick) latest = input[i++]![1]
          if (latest !== undefined) want.push([tick, latest])
        }
        const round = (xs: [number, number][]): [number, number][] => xs.map(([t, x]) => [Math.round(t * 1e6) / 1e6, x])
        expect(round(run.out)).toEqual(round(want)) // tick times are sums of fractions
        expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a-b--c-----d-|').sample(5), '-----b----c---|')
  })

  it('emits a sampled element when downstream pulls late, or the newer one that replaced it', async () => {
    const [src, sink] = probeFlow(Flow.create<string>().sample(5))
    src.sendNext('a')
    await sink.expectNoMessage(20)
    src.sendNext('b')
    sink.request(1)
    await sink.expectNext('b')
  })

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => sample(-1), RangeError, 'sample(period): expected a finite non-negative number, got -1')
    expectBuildError(() => sample(0), RangeError, 'sample(period): expected a duration greater than 0, got 0')
  })

  it('completes an empty stream, and fails with an upstream failure', async () => {
    expect(await Source.empty<number>().sample('1h').runCollect()).toEqual([])
    const boom = new Error('up')
    const run = await runTimed(timed([[0, 1]], { at: 2, error: boom }).sample(10))
    expect(run.end).toEqual({ at: 2, kind: 'error', error: boom })
    expect(run.pendingTimers).toBe(0)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => sample<number>(3), [1, 2, 3]))
})
