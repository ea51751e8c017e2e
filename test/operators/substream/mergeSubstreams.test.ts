import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { concatSubstreams } from '../../../src/operators/substream/concatSubstreams.js'
import { mergeSubstreams } from '../../../src/operators/substream/mergeSubstreams.js'
import { demandInvariant, equivalentTo, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, ints, RUNS } from '../../support/operators.js'
import { counting, expectAllClosed, sorted } from '../../support/substreams.js'

describe('mergeSubstreams / concatSubstreams', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const parallelism of [1, 2])
        await demandInvariant(() => Flow.create<number>().groupBy(4, (x) => x & 3).map((x) => -x).mergeSubstreamsWithParallelism(parallelism + 3), {
          input: ints(),
          numRuns: RUNS / 2,
        })
    })
  })

  describe('model', () => {
    it('mergeSubstreams emits every element of every substream once', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (input) => {
          const out = await Source.from(input).groupBy(8, (x) => x & 7).map((x) => x * 2).mergeSubstreams().runCollect()
          expect(sorted(out)).toEqual(sorted(input.map((x) => x * 2)))
        }),
        { numRuns: RUNS },
      )
    })

    it('concatSubstreams keeps substream order', async () => {
      await equivalentTo(() => Flow.create<number>().splitAfter((x) => x > 0).map((x) => x + 1).concatSubstreams(), (xs) => xs.map((x) => x + 1), {
        input: ints(),
        numRuns: RUNS,
      })
    })

    it('runs at most parallelism substreams at once', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 3 }), ints(12), async (parallelism, input) => {
          const { census, inner } = counting((x: number) => [x, x])
          const run = await runScheduled(
            Source.from(input).splitAfter(() => true).flatMapConcat(inner).mergeSubstreamsWithParallelism(parallelism),
            [{ request: 3 }, { request: 1e6 }],
          )
          expectClean(run, 'completed')
          expect(census.max).toBeLessThanOrEqual(parallelism)
          expectAllClosed(census)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a bad parallelism at build time', () => {
      expectBuildError(() => mergeSubstreams(null, { parallelism: 0 }), RangeError, 'mergeSubstreams(options.parallelism): expected a positive integer or Infinity, got 0')
      expectBuildError(() => mergeSubstreams(null, { parallelism: -1 }), RangeError, 'mergeSubstreams(options.parallelism): expected a non-negative integer, got -1')
    })

    it('work on raw substream sources too', async () => {
      const subs = [Source.from([1, 2]), Source.from([3])]
      expect(await Source.from(subs).via(concatSubstreams<number, number>(null)).runCollect()).toEqual([1, 2, 3])
      expect(sorted(await Source.from(subs).via(mergeSubstreams<number, number>(Flow.create<number>().map((x) => x * 10))).runCollect())).toEqual([10, 20, 30])
    })

    it('fail when a substream fails', async () => {
      const boom = new Error('substream')
      await expect(Source.from([1, 0, 2]).splitWhen((x) => x === 0).map((x) => { if (x === 2) throw boom; return x }).concatSubstreams().runCollect()).rejects.toBe(boom)
    })
  })
})
