import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Source } from '../../../src/index.js'
import { aggregateWithBoundary } from '../../../src/operators/time/aggregateWithBoundary.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { runTimed, timed } from '../../support/timed.js'

/** Groups of `size`, as arrays; the last may be shorter. */
const groupsOf = (size: number) =>
  aggregateWithBoundary<number, number[], number[]>(
    () => [],
    (agg, x) => {
      const next = [...agg, x]
      return [next, next.length >= size]
    },
    (agg) => agg,
  )
const chunk = (xs: number[], size: number): number[][] => {
  const out: number[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

describe('aggregateWithBoundary', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => groupsOf(3), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals chunking the array at each complete aggregate (the last may be partial)', () =>
      fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (size) => equivalentTo(() => groupsOf(size), (xs) => chunk(xs, size), { input: ints(), numRuns: 5 })),
        { numRuns: RUNS / 5 },
      ))

    it('with a timer, emits a pending aggregate whose predicate holds at each interval; nothing is lost or repeated', () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 12 }).map((gaps) => {
            let t = 0
            return gaps.map((g, i): [number, number] => [(t += g), i])
          }),
          async (input) => {
            const flow = aggregateWithBoundary<number, number[], number[]>(
              () => [],
              (agg, x) => [[...agg, x], agg.length + 1 >= 4],
              (agg) => agg,
              { predicate: (agg) => agg.length > 0, interval: 10 },
            )
            const endAt = (input.at(-1)?.[0] ?? 0) + 25
            const run = await runTimed(timed(input, { at: endAt }).via(flow))
            expect(run.elements.flat()).toEqual(input.map(([, x]) => x))
            for (const group of run.elements) expect(group.length).toBeGreaterThan(0)
            for (const group of run.elements) expect(group.length).toBeLessThanOrEqual(4)
            // every group but the last was closed by size 4 or by a tick (a multiple of 10)
            for (const [t, group] of run.out.slice(0, -1)) expect(group.length === 4 || Math.abs(t / 10 - Math.round(t / 10)) < 1e-9).toBe(true)
            expect(run.pendingTimers).toBe(0)
          },
        ),
        { numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand, and emits nothing', async () => {
      const [up, down] = probeFlow(groupsOf(2))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects bad arguments at build time', () => {
      const ok = (): never[] => []
      expectBuildError(() => aggregateWithBoundary(null as never, ok as never, ok), TypeError, 'aggregateWithBoundary(allocate): expected a function, got null')
      expectBuildError(() => aggregateWithBoundary(ok, 1 as never, ok), TypeError, 'aggregateWithBoundary(aggregate): expected a function, got 1')
      expectBuildError(() => Source.single(1).aggregateWithBoundary(ok, ok as never, 'h' as never), TypeError, 'aggregateWithBoundary(harvest): expected a function, got "h"')
      expectBuildError(
        () => aggregateWithBoundary(ok, ok as never, ok, { predicate: () => true, interval: 0 }),
        RangeError,
        'aggregateWithBoundary(emitOnTimer.interval): expected a duration greater than 0, got 0',
      )
      expectBuildError(
        () => aggregateWithBoundary(ok, ok as never, ok, { predicate: null as never, interval: 5 }),
        TypeError,
        'aggregateWithBoundary(emitOnTimer.predicate): expected a function, got null',
      )
    })

    it('keeps reading upstream while an aggregate is incomplete, and backpressures when one waits for downstream', async () => {
      const [up, down] = probeFlow(groupsOf(2))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest() // no downstream demand yet: the aggregate is still incomplete
      up.sendNext(2)
      await up.expectNoRequest(20) // [1, 2] is complete and waits
      down.request(1)
      await down.expectNext([1, 2])
      up.sendNext(3).sendComplete()
      down.request(1)
      await down.expectNext([3])
      await down.expectComplete()
    })

    it('passes an upstream failure on, dropping the pending aggregate', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(groupsOf(3))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(groupsOf(1))
      down.request(1)
      up.sendNext(1)
      await down.expectNext([1])
      down.cancel()
      await up.expectCancellation()
    })

    it('fails with the error aggregate or harvest threw, naming aggregateWithBoundary', async () => {
      const boom = new Error('bad element')
      const err = await Source.from([1, 2])
        .via(
          Flow.create<number>().aggregateWithBoundary(
            () => 0,
            (acc, x) => {
              if (x === 2) throw boom
              return [acc + x, false]
            },
            (acc) => acc,
          ),
        )
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('aggregateWithBoundary')
    })
  })

  describe('cleanup', () => {
    it('leaves nothing behind after completion, failure and cancel, timer included', async () => {
      await flowCleanup(() => groupsOf(2), [1, 2, 3])
      await flowCleanup(
        () => aggregateWithBoundary<number, number, number>(() => 0, (a, x) => [a + x, false], (a) => a, { predicate: () => true, interval: 5 }),
        [1, 2, 3],
      )
    })
  })
})
