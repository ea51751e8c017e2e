import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { splitWhen } from '../../../src/operators/substream/splitWhen.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const isZero = (x: number): boolean => x % 5 === 0

/** The Array model: a new group before each element where `p` holds (never an empty first group). */
export function splitWhenModel<T>(xs: readonly T[], p: (x: T) => boolean): T[][] {
  const groups: T[][] = []
  for (const x of xs) {
    if (groups.length === 0 || p(x)) groups.push([x])
    else groups.at(-1)!.push(x)
  }
  return groups
}

const collectGroups = () =>
  Flow.create<number>()
    .splitWhen(isZero)
    .fold([] as number[], (acc, x) => [...acc, x])
    .concatSubstreams()

describe('splitWhen', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(() => Flow.create<number>().splitWhen(isZero).concatSubstreams(), { input: ints(), numRuns: RUNS })
      await demandInvariant(collectGroups, { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('equals the Array model of splitting before each match', async () => {
      await equivalentTo(collectGroups, (xs) => splitWhenModel(xs, isZero), { input: ints(), numRuns: RUNS })
    })

    it('concatenated again, equals the input', async () => {
      await equivalentTo(() => Flow.create<number>().splitWhen(isZero).concatSubstreams(), (xs) => xs, { input: ints(), numRuns: RUNS })
    })

    it('drops the rest of a cancelled substream up to the next split point', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (input) => {
          const got = await Source.from(input).splitWhen(isZero).take(1).concatSubstreams().runCollect()
          expect(got).toEqual(splitWhenModel(input, isZero).map((g) => g[0]!))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing predicate at build time', () => {
      expectBuildError(() => splitWhen(undefined as never), TypeError, 'splitWhen(predicate): expected a function, got undefined')
    })

    it('completes an empty stream without demand and without a substream', async () => {
      const [up, down] = probeFlow(Flow.create<number>().splitWhen(isZero).concatSubstreams())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('fails the stream when upstream fails or the predicate throws', async () => {
      const [up, down] = probeFlow(Flow.create<number>().splitWhen(isZero).concatSubstreams())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendError(new Error('upstream'))
      await down.expectError(/upstream/)
      await expect(Source.from([1, 2]).splitWhen(() => { throw new Error('p') }).concatSubstreams().runCollect()).rejects.toThrow('p')
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(Flow.create<number>().splitWhen(isZero).concatSubstreams())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => Flow.create<number>().splitWhen(isZero).concatSubstreams(), [1, 5, 2])
      await flowCleanup(() => Flow.create<number>().splitWhen(isZero).take(1).mergeSubstreamsWithParallelism(2), [1, 5, 2])
    })
  })
})
