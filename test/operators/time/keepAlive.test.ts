import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { keepAlive } from '../../../src/operators/time/keepAlive.js'
import { demandInvariant, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

describe('keepAlive', () => {
  it('keeps the demand contract', () => demandInvariant(() => keepAlive<number>(5, () => 0), { input: ints(), numRuns: RUNS }))

  it('injects exactly when idle for maxIdle, so that no gap is longer; upstream elements pass at once', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 30 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 30 }), async (input, k, tail) => {
        const maxIdle = k + 0.37 // arrivals are whole ms: no element ties with a deadline
        const endAt = (input.at(-1)?.[0] ?? 0) + tail
        const run = await runTimed(timed(input, { at: endAt }).keepAlive(maxIdle, () => -1))
        expect(run.elements.filter((x) => x !== -1)).toEqual(input.map(([, x]) => x))
        expect(run.out.filter(([, x]) => x !== -1)).toEqual(input)
        let lastUpstream = 0
        let lastOut = 0
        for (const [t, x] of run.out) {
          expect(t - lastOut, `gap before ${t}`).toBeLessThanOrEqual(maxIdle + 1e-9)
          if (x === -1) {
            expect(t - lastUpstream).toBeGreaterThanOrEqual(maxIdle - 1e-9)
            expect(t - lastOut).toBeCloseTo(maxIdle, 9)
          } else lastUpstream = t
          lastOut = t
        }
        expect(endAt - lastOut).toBeLessThanOrEqual(maxIdle + 1e-9)
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a----------b-|').keepAlive(5, () => 'h'), '-a----h----hb-|')
  })

  it('prefers an upstream element read ahead over an injected one', async () => {
    const [src, sink] = probeFlow(Flow.create<string>().keepAlive(5, () => 'h'))
    await src.expectRequest()
    src.sendNext('a')
    await sink.expectNoMessage(30) // idle long enough, but 'a' waits inside
    sink.request(1)
    await sink.expectNext('a')
  })

  it('rejects bad arguments, and fails when inject throws or returns nothing', async () => {
    expectBuildError(() => keepAlive(0, () => 1), RangeError, 'keepAlive(maxIdle): expected a duration greater than 0, got 0')
    expectBuildError(() => keepAlive(5, 'h' as never), TypeError, 'keepAlive(inject): expected a function, got "h"')
    const boom = new Error('boom')
    const run = await runTimed(Source.never<number>().keepAlive(5, () => { throw boom }))
    expect(run.end).toEqual({ at: 5, kind: 'error', error: boom })
    const nothing = await runTimed(Source.never<number>().keepAlive(5, () => undefined as unknown as number))
    expect(String(nothing.end?.error)).toBe('TypeError: keepAlive: inject() returned undefined')
  })

  it('completes an empty stream, and fails with an upstream failure', async () => {
    expect(await Source.empty<number>().keepAlive('1h', () => 0).runCollect()).toEqual([])
    const boom = new Error('up')
    expect(await Source.failed<number>(boom).keepAlive('1h', () => 0).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => keepAlive<number>(3, () => 0), [1, 2, 3]))
})
