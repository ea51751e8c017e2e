import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { intersperse, type IntersperseOptions } from '../../../src/operators/simple/intersperse.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const model = (xs: readonly number[], inject: number, options: IntersperseOptions<number>): number[] => {
  const out: number[] = []
  if (options.start !== undefined) out.push(options.start)
  xs.forEach((x, i) => {
    if (i > 0) out.push(inject)
    out.push(x)
  })
  if (options.end !== undefined) out.push(options.end)
  return out
}
const optionSets: IntersperseOptions<number>[] = [{}, { start: 100 }, { end: 200 }, { start: 100, end: 200 }]

describe('intersperse', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      for (const options of optionSets) await demandInvariant(intersperse(0, options), { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('puts inject between elements, start before and end after (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...optionSets), async (options) => {
          await equivalentTo(intersperse(0, options), (xs) => model(xs, 0, options), { input: ints(), numRuns: 10 })
        }),
        { numRuns: RUNS / 5 },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand when there is no start or end', async () => {
      const [up, down] = probeFlow(intersperse(0))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('emits start and end for an empty stream, one per request', async () => {
      const [up, down] = probeFlow(intersperse(0, { start: 1, end: 2 }))
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(1)
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(2)
      await down.expectComplete()
    })

    it('emits start and end for an empty stream that completes after start was requested', async () => {
      const [up, down] = probeFlow(intersperse(0, { start: 1, end: 2 }))
      down.request(1)
      await down.expectNext(1)
      up.sendComplete()
      down.request(1)
      await down.expectNext(2)
      await down.expectComplete()
    })

    it('rejects a missing inject at build time', () => {
      expectBuildError(() => intersperse(undefined as never), TypeError, 'intersperse(inject): expected a value, got undefined')
      expectBuildError(() => Source.single(1).intersperse(null as never), TypeError, 'intersperse(inject): expected a value, got null')
    })

    it('holds the element behind its separator until the next request', async () => {
      const [up, down] = probeFlow(intersperse(0))
      down.request(2)
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await down.expectNext(1, 0)
      await up.expectNoRequest(5)
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(2)
      await down.expectComplete()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(intersperse(0))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectNext(1)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(intersperse(0))
      down.request(2)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1, 0)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding once nothing is held and there is no end', async () => {
      const [up, down] = probeFlow(intersperse(0))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('works on strings, with a separator and brackets', async () => {
      expect((await Source.from(['a', 'b', 'c']).intersperse(',', { start: '[', end: ']' }).runCollect()).join('')).toBe('[a,b,c]')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', async () => {
      for (const options of optionSets) await flowCleanup(() => intersperse(0, options), [1, 2, 3])
    })
  })
})
