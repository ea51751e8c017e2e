import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, RateExceededError, Source } from '../../../src/index.js'
import { throttle } from '../../../src/operators/time/throttle.js'
import { ThrottleControl } from '../../../src/operators/time/ThrottleControl.js'
import { demandInvariant, equivalentTo, expectTimeline, timelineSource, VirtualScheduler } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

describe('throttle', () => {
  it('keeps the demand contract', () => demandInvariant(() => throttle(2, 10, { maximumBurst: 1 }), { input: ints(), numRuns: RUNS }))

  it('in shaping mode emits every element, in order (Array identity)', () =>
    equivalentTo(() => throttle(3, 10, { maximumBurst: 2 }), (xs) => xs, { input: ints(), numRuns: RUNS }))

  it('never exceeds its rate over any window', () =>
    fc.assert(
      fc.asyncProperty(
        arrivals({ maxGap: 15 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        async (input, elements, per, burst, costly) => {
          // costs up to the burst (an element dearer than the whole bucket waits for it alone)
          const cost = (x: number): number => (costly ? (x % burst) + 1 : 1)
          const run = await runTimed(timed(input, { at: 400 }).throttle(elements, per, { maximumBurst: burst, cost }))
          expect(run.elements).toEqual(input.map(([, x]) => x))
          expect(run.pendingTimers).toBe(0)
          const t = run.out.map(([time]) => time)
          const c = run.elements.map(cost)
          for (let i = 0; i < t.length; i++) {
            expect(t[i]!).toBeGreaterThanOrEqual(input[i]![0]) // never early
            let spent = 0
            for (let j = i; j < t.length; j++) {
              spent += c[j]!
              // tokens in the bucket at t[i] (at most `burst`) plus those that arrive until t[j]
              expect(spent, `cost emitted in [${t[i]}, ${t[j]}]`).toBeLessThanOrEqual(burst + Math.ceil(((t[j]! - t[i]!) * elements) / per))
            }
          }
        },
      ),
      { numRuns: RUNS },
    ))

  it('lets a full bucket through at once, then one element per interval', async () => {
    const run = await runTimed(timed([[0, 'a'], [0, 'b'], [0, 'c'], [0, 'd']], { at: 0 }).throttle(1, 10, { maximumBurst: 2 }))
    expect(run.out).toEqual([[0, 'a'], [0, 'b'], [10, 'c'], [20, 'd']])
    expect(run.end).toEqual({ at: 20, kind: 'complete' })
  })

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-abc|').throttle(1, 4, { maximumBurst: 1 }), '-a--b---(c|)')
  })

  it('defaults the burst to what arrives in 100 ms (at least 1)', async () => {
    const burstOf = async (elements: number, per: number): Promise<number> => {
      const run = await runTimed(timed(Array.from({ length: 50 }, (_, i) => [0, i] as const), { at: 0 }).throttle(elements, per))
      return run.out.filter(([t]) => t === 0).length
    }
    expect(await burstOf(1, 1000)).toBe(1)
    expect(await burstOf(10, 100)).toBe(10)
    expect(await burstOf(20, 1000)).toBe(2)
  })

  it("fails with a RateExceededError in 'enforcing' mode when tokens are missing", async () => {
    const run = await runTimed(timed([[0, 1], [0, 2], [0, 3]], { at: 0 }).throttle(1, '1s', { maximumBurst: 2, mode: 'enforcing' }))
    expect(run.elements).toEqual([1, 2])
    expect(run.end?.kind).toBe('error')
    expect(run.end?.error).toBeInstanceOf(RateExceededError)
    expect((run.end?.error as Error).message).toBe('throttle: elements arrived faster than 1 per 1000 ms (enforcing mode)')
  })

  it("in 'enforcing' mode passes a stream that keeps to the rate", async () => {
    const run = await runTimed(timed([[0, 1], [10, 2], [20, 3]], { at: 20 }).throttle(1, 10, { maximumBurst: 1, mode: 'enforcing' }))
    expect(run.out).toEqual([[0, 1], [10, 2], [20, 3]])
  })

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => throttle(0, 10), RangeError, 'throttle(elements): expected a positive integer, got 0')
    expectBuildError(() => throttle(1, 0), RangeError, 'throttle(per): expected a duration greater than 0, got 0')
    expectBuildError(
      () => throttle(1, '1 week' as never),
      RangeError,
      `throttle(per): expected a duration (milliseconds, or a string such as '250ms', '2s', '1m'), got "1 week"`,
    )
    expectBuildError(() => throttle(1, 10, { maximumBurst: -1 }), RangeError, 'throttle(options.maximumBurst): expected a non-negative integer, got -1')
    expectBuildError(() => throttle(1, 10, { mode: 'strict' as never }), TypeError, `throttle(options.mode): expected 'shaping' or 'enforcing', got "strict"`)
    expectBuildError(() => throttle(1, 10, { cost: 2 as never }), TypeError, 'throttle(options.cost): expected a function, got 2')
  })

  it('fails when cost throws or returns a bad cost, and with an upstream failure', async () => {
    const boom = new Error('boom')
    expect(await Source.single(1).throttle(1, 10, { cost: () => { throw boom } }).runCollect().catch((e: unknown) => e)).toBe(boom)
    const bad = await Source.single(1).throttle(1, 10, { cost: () => 0.5 }).runCollect().catch((e: unknown) => e)
    expect(String(bad)).toBe('RangeError: throttle: cost must be a non-negative integer, got 0.5')
    expect(await Source.failed<number>(boom).throttle(1, 10).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('completes an empty stream at once', async () => {
    expect(await Source.empty<number>().throttle(1, '1h').runCollect()).toEqual([])
  })

  it('clears its timer when downstream cancels while an element waits', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().throttle(1, '1h', { maximumBurst: 1 }))
    sink.request(2)
    src.sendNext(1).sendNext(2)
    await sink.expectNext(1)
    sink.cancel()
    await src.expectCancellation()
    const run = await runTimed(timed([[0, 1], [0, 2]], null).throttle(1, 1000, { maximumBurst: 1 }), { until: 10 })
    expect(run.elements).toEqual([1])
    expect(run.pendingTimers).toBe(0)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => throttle(1, 5, { maximumBurst: 1 }), [1, 2, 3]))

  describe('ThrottleControl', () => {
    it('changes the rate of running streams: a waiting element is timed again, later ones follow the new rate', async () => {
      const control = new ThrottleControl()
      const scheduler = new VirtualScheduler()
      const input: [number, number][] = [[0, 0], [0, 1], [0, 2], [0, 3]]
      const run = runTimed(timed(input, { at: 0 }).throttle(1, 1000, { maximumBurst: 1, control }), { scheduler })
      await scheduler.advance(10) // 0 passed at once; 1 waits for a token due at 1000
      expect(control.attached).toBe(1)
      control.update(1, 10, { maximumBurst: 1 }) // from one per second to one per 10 ms, bucket empty
      const result = await run
      expect(result.elements).toEqual([0, 1, 2, 3])
      expect(result.out.map(([t]) => t)).toEqual([0, 20, 30, 40])
      expect(control.attached).toBe(0) // the stage unregistered when it stopped
    })

    it('rejects bad arguments', () => {
      const control = new ThrottleControl()
      expectBuildError(() => control.update(0, 10), RangeError, 'ThrottleControl.update(elements): expected a positive integer, got 0')
      expectBuildError(() => control.update(1, 0), RangeError, 'ThrottleControl.update(per): expected a duration greater than 0, got 0')
      expectBuildError(() => throttle(1, 10, { control: {} as never }), TypeError, 'throttle(options.control): expected a ThrottleControl')
    })
  })
})
