import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { splitAfter } from '../../../src/operators/substream/splitAfter.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const isZero = (x: number): boolean => x % 5 === 0

/** The Array model: a group ends after each element where `p` holds. */
function splitAfterModel<T>(xs: readonly T[], p: (x: T) => boolean): T[][] {
  const groups: T[][] = []
  let open = false
  for (const x of xs) {
    if (!open) groups.push([])
    groups.at(-1)!.push(x)
    open = !p(x)
  }
  return groups
}

const collectGroups = () =>
  Flow.create<number>()
    .splitAfter(isZero)
    .fold([] as number[], (acc, x) => [...acc, x])
    .concatSubstreams()

describe('splitAfter', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(() => Flow.create<number>().splitAfter(isZero).concatSubstreams(), { input: ints(), numRuns: RUNS })
      await demandInvariant(collectGroups, { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('equals the Array model of splitting after each match', async () => {
      await equivalentTo(collectGroups, (xs) => splitAfterModel(xs, isZero), { input: ints(), numRuns: RUNS })
    })

    it('drops the rest of a cancelled substream up to and including the next split point', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (input) => {
          const got = await Source.from(input).splitAfter(isZero).take(1).concatSubstreams().runCollect()
          expect(got).toEqual(splitAfterModel(input, isZero).map((g) => g[0]!))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing predicate at build time', () => {
      expectBuildError(() => splitAfter('x' as never), TypeError, 'splitAfter(predicate): expected a function, got "x"')
    })

    it('completes an empty stream without demand', async () => {
      const [up, down] = probeFlow(Flow.create<number>().splitAfter(isZero).concatSubstreams())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('ends a substream right after the match, before the next element arrives', async () => {
      const [up, down] = probeFlow(collectGroups())
      down.request(1)
      up.sendNext(1).sendNext(5)
      await down.expectNext([1, 5])
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails when upstream fails or the predicate throws', async () => {
      const [up, down] = probeFlow(Flow.create<number>().splitAfter(isZero).concatSubstreams())
      down.request(1)
      up.sendError(new Error('upstream'))
      await down.expectError(/upstream/)
      await expect(Source.from([1]).splitAfter(() => { throw new Error('p') }).concatSubstreams().runCollect()).rejects.toThrow('p')
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(Flow.create<number>().splitAfter(isZero).concatSubstreams())
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => Flow.create<number>().splitAfter(isZero).concatSubstreams(), [1, 5, 2])
    })
  })
})
