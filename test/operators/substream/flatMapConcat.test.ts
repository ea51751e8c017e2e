import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { flatMapConcat } from '../../../src/operators/substream/flatMapConcat.js'
import { demandInvariant, demandSchedule, equivalentTo, runScheduled } from '../../../src/testkit/index.js'
import fc from 'fast-check'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { counting, expectAllClosed } from '../../support/substreams.js'

const expand = (x: number): Source<number> => Source.from(Array.from({ length: Math.abs(x) % 4 }, (_, i) => x * 10 + i))
const model = (xs: number[]): number[] => xs.flatMap((x) => Array.from({ length: Math.abs(x) % 4 }, (_, i) => x * 10 + i))

describe('flatMapConcat', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(flatMapConcat(expand), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('equals Array.prototype.flatMap (a prefix when cancelled)', async () => {
      await equivalentTo(flatMapConcat(expand), model, { input: ints(), numRuns: RUNS })
    })

    it('runs one inner source at a time and closes each exactly once', async () => {
      await fc.assert(
        fc.asyncProperty(ints(10), demandSchedule({ maxPause: 0 }), async (input, schedule) => {
          const { census, inner } = counting((x: number) => [x, x])
          const run = await runScheduled(Source.from(input).via(flatMapConcat(inner)), schedule)
          expect(run.violations).toEqual([])
          expect(census.max).toBeLessThanOrEqual(1)
          expectAllClosed(census)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing function at build time', () => {
      expectBuildError(() => flatMapConcat(undefined as never), TypeError, 'flatMapConcat(f): expected a function, got undefined')
    })

    it('completes an empty stream without demand', async () => {
      const [up, down] = probeFlow(flatMapConcat(expand))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('does not pull upstream while an inner source runs', async () => {
      const [up, down] = probeFlow(flatMapConcat((x: number) => Source.from([x, x, x])))
      down.request(1)
      await up.expectRequest()
      up.sendNext(5)
      await down.expectNext(5)
      await up.expectNoRequest(10)
      down.request(2)
      await down.expectNext(5, 5)
      await up.expectRequest() // only now, the inner is done
    })

    it('passes an upstream failure on and an inner failure on', async () => {
      const [up, down] = probeFlow(flatMapConcat(expand))
      down.request(1)
      up.sendError(new Error('up'))
      await down.expectError(/up/)
      const boom = new Error('inner')
      await expect(Source.from([1, 2]).flatMapConcat((x) => (x === 2 ? Source.failed(boom) : Source.single(x))).runCollect()).rejects.toBe(boom)
    })

    it("keeps an inner source's last element when its completion overtakes it", async () => {
      // the tail's element is queued while flatMapConcat runs; its completion comes later, directly
      const out = await Source.from([0]).prefixAndTail(1).flatMapConcat(([prefix, tail]) => Source.from(prefix).concat(tail)).runCollect()
      expect(out).toEqual([0])
      const more = await Source.from([1, 2, 3]).prefixAndTail(2).flatMapConcat(([prefix, tail]) => Source.from(prefix).concat(tail)).runCollect()
      expect(more).toEqual([1, 2, 3])
    })

    it('fails when f throws', async () => {
      await expect(Source.from([1]).flatMapConcat(() => { throw new RangeError('f') }).runCollect()).rejects.toThrow(RangeError)
    })

    it('cancels upstream and the running inner when downstream cancels', async () => {
      const { census, inner } = counting((x: number) => [x, x, x])
      const [up, down] = probeFlow(flatMapConcat(inner))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
      expectAllClosed(census)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => flatMapConcat(expand), [1, 2, 3])
    })
  })
})
