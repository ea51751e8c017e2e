import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, RestartFlow, Source, VirtualScheduler } from '../../../src/index.js'
import { restartFlow } from '../../../src/operators/restart/restartFlow.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const fast = { minBackoff: 10, maxBackoff: 100, randomFactor: 0 }
const bad = (x: number): boolean => x % 3 === 0
/** A flow that fails on multiples of 3. */
const fragile = () =>
  Flow.create<number>().map((x) => {
    if (bad(x)) throw new Error(`bad ${x}`)
    return x * 2
  })

describe('RestartFlow', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (input, schedule) => {
          const run = await runScheduled(Source.from(input).via(RestartFlow.onFailuresWithBackoff(fast, fragile)), schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
          expect(run.pendingTimers).toBe(0)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('restarts the inner flow after each failure, losing only the element that failed', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule({ cancel: 'never' }), async (input, schedule) => {
          let builds = 0
          const run = await runScheduled(
            Source.from(input).via(RestartFlow.onFailuresWithBackoff(fast, () => { builds++; return fragile() })),
            schedule,
          )
          expect(run.violations).toEqual([])
          expect(run.pendingTimers).toBe(0)
          expect(run.elements).toEqual(input.filter((x) => !bad(x)).map((x) => x * 2))
          // When the last element fails the inner flow after upstream completed, that failure is final (as in Pekko)
          const lastIsBad = input.length > 0 && bad(input.at(-1)!)
          if (!lastIsBad) {
            expect(run.outcome).toBe('completed')
            expect(builds).toBe(1 + input.filter(bad).length)
          } else expect(['completed', 'failed']).toContain(run.outcome)
        }),
        { numRuns: RUNS },
      )
    })

    it('waits the backoff between restarts (virtual time)', async () => {
      const scheduler = new VirtualScheduler()
      const builtAt: number[] = []
      const flow = RestartFlow.withBackoff({ minBackoff: 10, maxBackoff: 25, randomFactor: 0, maxRestarts: 3 }, () => {
        builtAt.push(scheduler.now())
        return Flow.create<number>().map((): number => { throw new Error('always') })
      })
      const done = Source.repeat(1).via(flow).runCollect({ scheduler }).catch((e: Error) => e.message)
      await scheduler.runAll()
      expect(await done).toBe('always')
      expect(builtAt).toEqual([0, 10, 30, 55])
    })

    it('withBackoff restarts an inner flow that completes; upstream completion completes for good', async () => {
      const scheduler = new VirtualScheduler()
      const out = Source.from([1, 2, 3, 4]).via(RestartFlow.withBackoff(fast, () => Flow.create<number>().take(1))).runCollect({ scheduler })
      await scheduler.runAll()
      expect(await out).toEqual([1, 2, 3, 4])
    })
  })

  describe('edges', () => {
    it('rejects bad settings and a missing factory at build time', () => {
      expectBuildError(() => restartFlow({ ...fast, maxRestartsWithin: 'soon' as never }, fragile), RangeError,
        "RestartFlow.withBackoff(settings.maxRestartsWithin): expected a duration (milliseconds, or a string such as '250ms', '2s', '1m'), got \"soon\"")
      expectBuildError(() => restartFlow(null as never, fragile), TypeError, 'RestartFlow.withBackoff(settings): expected an object, got null')
      expectBuildError(() => restartFlow(fast, undefined as never), TypeError, 'RestartFlow.withBackoff(factory): expected a function, got undefined')
    })

    it('passes an upstream failure on (no restart)', async () => {
      const [up, down] = probeFlow(restartFlow(fast, fragile))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(2)
      up.sendError(new Error('upstream'))
      await down.expectError(/upstream/)
    })

    it('fails once maxRestarts is reached', async () => {
      const out = Source.from([3, 6, 9]).via(RestartFlow.withBackoff({ ...fast, maxRestarts: 1 }, fragile)).runCollect()
      await expect(out).rejects.toThrow('bad 6')
    })

    it('cancels upstream when downstream cancels', async () => {
      const [up, down] = probeFlow(restartFlow(fast, fragile))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(2)
      down.cancel()
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => restartFlow(fast, () => Flow.create<number>().map((x) => x + 1)), [1, 2, 3])
    })
  })
})
