import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { collectType } from '../../../src/operators/simple/collectType.js'
import { demandInvariant, elements, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, probeFlow, RUNS } from '../../support/operators.js'

class Posted {
  constructor(readonly n: number) {}
}
class Edited extends Posted {}
type Item = Posted | string | number

const items = (): fc.Arbitrary<Item[]> =>
  elements(
    fc.oneof(
      fc.integer({ min: 0, max: 9 }),
      fc.string({ maxLength: 2 }),
      fc.integer({ min: 0, max: 9 }).map((n) => new Posted(n)),
      fc.integer({ min: 0, max: 9 }).map((n) => new Edited(n)),
    ),
    { maxLength: 20 },
  )
const isNumber = (x: Item): x is number => typeof x === 'number'

describe('collectType', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(collectType<Item, Posted>(Posted), { input: items(), numRuns: RUNS })
      await demandInvariant(collectType(isNumber), { input: items(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('equals Array filter by instanceof for a class, by the guard otherwise', async () => {
      await equivalentTo(collectType<Item, Posted>(Posted), (xs) => xs.filter((x) => x instanceof Posted), { input: items(), numRuns: RUNS })
      await equivalentTo(collectType<Item, Edited>(Edited), (xs) => xs.filter((x) => x instanceof Edited), { input: items(), numRuns: RUNS })
      await equivalentTo(collectType(isNumber), (xs) => xs.filter(isNumber), { input: items(), numRuns: RUNS })
    })
  })

  describe('edges', () => {
    it('takes built-in constructors as classes and plain functions as guards', async () => {
      const mixed: unknown[] = [new Date(0), new TypeError('t'), 'x', [1], new Map()]
      expect(await Source.from(mixed).collectType(Error).runCollect()).toHaveLength(1)
      expect(await Source.from(mixed).collectType(Date).runCollect()).toEqual([new Date(0)])
      function isString(x: unknown): x is string {
        return typeof x === 'string'
      }
      expect(await Source.from(mixed).collectType(isString).runCollect()).toEqual(['x'])
      expect(await Source.from(mixed).collectType(Array.isArray).runCollect()).toEqual([[1]])
    })

    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(collectType(isNumber))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => collectType(null as never), TypeError, 'collectType(type): expected a function, got null')
      expectBuildError(() => Source.single(1).collectType('Posted' as never), TypeError, 'collectType(type): expected a function, got "Posted"')
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(collectType(isNumber))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(collectType(isNumber))
      down.request(1)
      up.sendNext('a').sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(collectType(isNumber))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error the guard threw, naming collectType, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        collectType((x: Item): x is number => {
          if (x === 2) throw boom
          return true
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('collectType')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => collectType(isNumber), [1, 'a', 2] as Item[]))
  })
})
