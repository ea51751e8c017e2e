import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { groupedWeightedWithin } from '../../../src/operators/time/groupedWeightedWithin.js'
import { groupedWithin } from '../../../src/operators/time/groupedWithin.js'
import { demandInvariant, equivalentTo, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

const chunk = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))

describe('groupedWithin', () => {
  it('keeps the demand contract', () => demandInvariant(() => groupedWithin<number>(3, 10), { input: ints(), numRuns: RUNS }))

  it('with all elements at once, groups like grouped (Array chunks)', () =>
    equivalentTo(() => groupedWithin<number>(3, '1h'), (xs) => chunk(xs, 3), { input: ints(), numRuns: RUNS }))

  it('emits a group when either bound is hit: n elements, or the window', () =>
    fc.assert(
      fc.asyncProperty(arrivals({ maxGap: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 15 }), async (input, n, d) => {
        const endAt = (input.at(-1)?.[0] ?? 0) + 1
        const run = await runTimed(timed(input, { at: endAt }).groupedWithin(n, d))
        expect(run.elements.flat()).toEqual(input.map(([, x]) => x))
        expect(run.end).toEqual({ at: endAt, kind: 'complete' })
        expect(run.pendingTimers).toBe(0)
        const arrival = new Map(input.map(([t, x]) => [x, t]))
        let lastReset = 0
        run.out.forEach(([t, group], k) => {
          expect(group.length).toBeGreaterThanOrEqual(1)
          expect(group.length).toBeLessThanOrEqual(n)
          for (const x of group) expect(t - arrival.get(x)!, `latency of ${x}`).toBeLessThanOrEqual(d) // the time bound
          if (group.length === n) {
            expect(t, 'a full group goes out with its last element').toBe(arrival.get(group.at(-1)!))
            lastReset = t
          } else if (!(k === run.out.length - 1 && t === endAt)) {
            expect((t - lastReset) % d, `a partial group at ${t} goes out on a window tick (window restarted at ${lastReset})`).toBe(0)
          }
        })
      }),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-abc-d------e|').groupedWithin(3, 6), '---x-----y---(z|)', {
      x: ['a', 'b', 'c'],
      y: ['d'],
      z: ['e'],
    })
  })

  it('backpressures once n elements wait for a busy downstream, and emits them when it pulls', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().groupedWithin(2, '1h'))
    await src.expectRequest()
    src.sendNext(1)
    await src.expectRequest()
    src.sendNext(2)
    await src.expectNoRequest(10)
    sink.request(1)
    await sink.expectNext([1, 2])
    await src.expectRequest()
  })

  it('emits no empty groups', async () => {
    const run = await runTimed(timed([[25, 'a']], { at: 100 }).groupedWithin(5, 10))
    expect(run.out).toEqual([[30, ['a']]])
  })

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => groupedWithin(0, 10), RangeError, 'groupedWithin(n): expected a positive integer, got 0')
    expectBuildError(() => groupedWithin(2, 0), RangeError, 'groupedWithin(duration): expected a duration greater than 0, got 0')
    expectBuildError(() => groupedWithin(2, '0s'), RangeError, 'groupedWithin(duration): expected a duration greater than 0, got "0s"')
  })

  it('completes an empty stream, and fails with an upstream failure (clearing its timer)', async () => {
    expect(await Source.empty<number>().groupedWithin(2, '1h').runCollect()).toEqual([])
    const boom = new Error('up')
    const run = await runTimed(timed([[0, 1]], { at: 3, error: boom }).groupedWithin(5, 100))
    expect(run.end).toEqual({ at: 3, kind: 'error', error: boom })
    expect(run.pendingTimers).toBe(0)
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => groupedWithin<number>(2, 5), [1, 2, 3]))
})

describe('groupedWeightedWithin', () => {
  const w = (x: number): number => Math.abs(x) % 4

  it('keeps the demand contract', () => demandInvariant(() => groupedWeightedWithin(3, 10, w), { input: ints(), numRuns: RUNS }))

  it('closes a group on weight, on count, or on the window; a heavy element goes alone', () =>
    fc.assert(
      fc.asyncProperty(
        arrivals({ maxGap: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 15 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        async (input, maxWeight, d, maxNumber) => {
          const weight = (x: number): number => x % 4
          const endAt = (input.at(-1)?.[0] ?? 0) + 1
          const flow = groupedWeightedWithin(maxWeight, d, weight, maxNumber === undefined ? {} : { maxNumber })
          const run = await runTimed(timed(input, { at: endAt }).via(flow))
          expect(run.elements.flat()).toEqual(input.map(([, x]) => x))
          expect(run.pendingTimers).toBe(0)
          const arrival = new Map(input.map(([t, x]) => [x, t]))
          const total = (g: number[]): number => g.reduce((s, x) => s + weight(x), 0)
          let lastReset = 0
          run.out.forEach(([t, group], k) => {
            expect(group.length === 1 || total(group) <= maxWeight, `weight of ${JSON.stringify(group)}`).toBe(true)
            if (maxNumber !== undefined) expect(group.length).toBeLessThanOrEqual(maxNumber)
            for (const x of group) expect(t - arrival.get(x)!).toBeLessThanOrEqual(d)
            const last = k === run.out.length - 1 && t === endAt
            const next = run.out[k + 1]?.[1][0]
            const closedByLimit =
              total(group) >= maxWeight ||
              group.length === maxNumber ||
              (next !== undefined && total(group) + weight(next) > maxWeight && arrival.get(next) === t)
            if (!last && (t - lastReset) % d !== 0) expect(closedByLimit, `group ${JSON.stringify(group)} at ${t}: neither a limit nor a tick`).toBe(true)
            if (closedByLimit) lastReset = t
          })
        },
      ),
      { numRuns: RUNS },
    ))

  it('matches the timeline in its docs', async () => {
    const weights: Record<string, number> = { a: 2, b: 2, c: 3 }
    await expectTimeline(timelineSource('-a-b-c-----|').groupedWeightedWithin(4, 100, (x) => weights[x]!), '---x-------(y|)', {
      x: ['a', 'b'],
      y: ['c'],
    })
  })

  it('emits an element heavier than the limit as a group of its own', async () => {
    expect(await Source.from([1, 9, 1]).groupedWeightedWithin(3, '1h', (x) => x).runCollect()).toEqual([[1], [9], [1]])
  })

  it('rejects bad arguments, and fails on a negative weight', async () => {
    expectBuildError(() => groupedWeightedWithin(0, 10, w), RangeError, 'groupedWeightedWithin(maxWeight): expected a number greater than 0, got 0')
    expectBuildError(() => groupedWeightedWithin(1, 10, 'w' as never), TypeError, 'groupedWeightedWithin(weight): expected a function, got "w"')
    expectBuildError(() => groupedWeightedWithin(1, 10, w, { maxNumber: 0 }), RangeError, 'groupedWeightedWithin(options.maxNumber): expected a positive integer, got 0')
    const err = await Source.single(1).groupedWeightedWithin(3, 10, () => -1).runCollect().catch((e: unknown) => e)
    expect(String(err)).toBe('RangeError: groupedWeightedWithin: weight must be a non-negative number, got -1')
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => groupedWeightedWithin(2, 5, w), [1, 2, 3]))
})
