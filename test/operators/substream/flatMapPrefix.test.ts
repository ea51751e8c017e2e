import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../../src/index.js'
import { flatMapPrefix } from '../../../src/operators/substream/flatMapPrefix.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)
/** The rest of the stream, shifted by the sum of the prefix. */
const shiftBy = (n: number) => flatMapPrefix(n, (prefix: number[]) => Flow.create<number>().map((x) => x + sum(prefix)))

describe('flatMapPrefix', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const n of [0, 1, 3]) await demandInvariant(() => shiftBy(n), { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('equals mapping the rest of the array with what the prefix determined', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 4 }), async (n) => {
          await equivalentTo(() => shiftBy(n), (xs) => xs.slice(n).map((x) => x + sum(xs.slice(0, n))), { input: ints(), numRuns: 10 })
        }),
        { numRuns: 10 },
      )
    })
  })

  describe('edges', () => {
    it('rejects bad arguments at build time', () => {
      expectBuildError(() => flatMapPrefix(-2, () => Flow.create()), RangeError, 'flatMapPrefix(n): expected a non-negative integer, got -2')
      expectBuildError(() => flatMapPrefix(1, null as never), TypeError, 'flatMapPrefix(f): expected a function, got null')
    })

    it('calls f with the shorter prefix when upstream completes early', async () => {
      const seen: number[][] = []
      const out = await Source.from([1, 2]).flatMapPrefix(5, (p) => { seen.push(p); return Flow.create<number>() }).runCollect()
      expect(out).toEqual([])
      expect(seen).toEqual([[1, 2]])
    })

    it("materializes a Promise of the inner flow's value", async () => {
      const graph = Source.from([1, 2, 3])
        .viaMat(flatMapPrefix(1, () => Flow.create<number>().mapMaterializedValue(() => 'inner')), Keep.right)
        .toMat(Sink.collect(), Keep.both)
      const [mat, out] = graph.run()
      expect(await mat).toBe('inner')
      expect(await out).toEqual([2, 3])
    })

    it('fails when upstream fails before or after the prefix, or f throws', async () => {
      await expect(Source.failed<number>(new Error('before')).via(shiftBy(2)).runCollect()).rejects.toThrow('before')
      const [up, down] = probeFlow(shiftBy(1))
      down.request(2)
      up.sendNext(10).sendNext(1)
      await down.expectNext(11)
      up.sendError(new Error('after'))
      await down.expectError(/after/)
      await expect(Source.from([1]).flatMapPrefix(1, () => { throw new Error('f') }).runCollect()).rejects.toThrow('f')
    })

    it('cancels upstream when the inner flow completes early', async () => {
      const [up, down] = probeFlow(flatMapPrefix(1, () => Flow.create<number>().take(1)))
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(2)
      await down.expectComplete()
      await up.expectCancellation()
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(shiftBy(1))
      down.request(1)
      up.sendNext(1).sendNext(2)
      await down.expectNext(3)
      down.cancel()
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => shiftBy(1), [1, 2, 3])
      await flowCleanup(() => shiftBy(0), [1, 2, 3])
    })
  })
})
