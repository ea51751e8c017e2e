import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { recoverWithRetries } from '../../../src/operators/error/recoverWithRetries.js'
import { demandSchedule, failingAt, InjectedFailure, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectModel, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { counting, expectAllClosed } from '../../support/substreams.js'

describe('recoverWithRetries', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(10), fc.nat(3), demandSchedule(), async (input, k, attempts, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(recoverWithRetries(attempts, () => failingAt(1).source([9, 9]))), schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('switches at most `attempts` times; the last failure passes on', async () => {
      await fc.assert(
        fc.asyncProperty(ints(8), fc.nat(8), fc.nat(3), fc.nat(4), async (input, k, attempts, failures) => {
          // every recovery source emits one element (its index) and fails, except the one after `failures` failures
          let n = 0
          const recovery = () => {
            const i = ++n
            return i <= failures ? failingAt(1).source([100 + i]) : Source.single(100 + i)
          }
          const run = await runScheduled(failingAt(k).source(input).via(recoverWithRetries(attempts, recovery)), [{ request: 1e6 }])
          const switches = Math.min(attempts, failures + 1)
          const expected = [...input.slice(0, k), ...Array.from({ length: switches }, (_, i) => 101 + i)]
          expect(run.elements).toEqual(expected)
          expect(run.outcome).toBe(attempts > failures ? 'completed' : 'failed')
          if (run.outcome === 'failed') expect(run.error).toBeInstanceOf(InjectedFailure)
        }),
        { numRuns: RUNS },
      )
    })

    it('emits the upstream elements, then the recovery source (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(25), demandSchedule(), async (input, k, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(recoverWithRetries(1, () => Source.from([7, 8]))), schedule)
          expectModel(run, [...input.slice(0, k), 7, 8])
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects bad arguments at build time', () => {
      expectBuildError(() => recoverWithRetries(-1, () => undefined), RangeError, 'recoverWithRetries(attempts): expected a non-negative integer, got -1')
      expectBuildError(() => recoverWithRetries(1, 'x' as never), TypeError, 'recoverWithRetries(f): expected a function, got "x"')
    })

    it('with 0 attempts passes every failure on', async () => {
      const boom = new Error('x')
      await expect(Source.failed<number>(boom).recoverWithRetries(0, () => Source.single(1)).runCollect()).rejects.toBe(boom)
    })

    it('passes the failure on when f returns undefined, and fails with what f throws', async () => {
      const boom = new Error('x')
      await expect(Source.failed<number>(boom).recoverWithRetries(3, () => undefined).runCollect()).rejects.toBe(boom)
      await expect(Source.failed<number>(boom).recoverWithRetries(3, () => { throw new Error('f') }).runCollect()).rejects.toThrow('f')
    })

    it('cancels the recovery source when downstream cancels', async () => {
      const { census, inner } = counting((x: number) => [x, x, x, x])
      const [up, down] = probeFlow(recoverWithRetries<number>(1, () => inner(5)))
      down.request(2)
      up.sendError(new Error('x'))
      await down.expectNext(5, 5)
      down.cancel()
      await down.expectNoMessage(5)
      expectAllClosed(census)
      expect(census.opened).toBe(1)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => recoverWithRetries<number>(2, () => Source.from([1, 2])), [1, 2, 3])
    })
  })
})
