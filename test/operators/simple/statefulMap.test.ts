import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { statefulMap } from '../../../src/operators/simple/statefulMap.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** Running sums, emitting only the even ones, and the final sum negated at completion. */
const evenSums = () =>
  statefulMap(
    () => ({ sum: 0 }),
    (s: { sum: number }, x: number) => {
      const next = { sum: s.sum + x }
      return [next, next.sum % 2 === 0 ? next.sum : undefined] as const
    },
    (s) => -s.sum - 1000,
  )
const evenSumsModel = (xs: readonly number[]): number[] => {
  const out: number[] = []
  let sum = 0
  for (const x of xs) if ((sum += x) % 2 === 0) out.push(sum)
  out.push(-sum - 1000)
  return out
}

describe('statefulMap', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(evenSums, { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals a loop over the array with the same state (a prefix when cancelled)', () =>
      equivalentTo(evenSums, evenSumsModel, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand when onComplete emits nothing', async () => {
      const [up, down] = probeFlow(statefulMap(() => 0, (s: number, x: number) => [s, x] as const))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('emits the element of onComplete for an empty stream, once asked', async () => {
      const [up, down] = probeFlow(statefulMap(() => 7, (s: number, x: number) => [s, x] as const, (s) => s * 2))
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(14)
      await down.expectComplete()
    })

    it('rejects non-functions at build time', () => {
      expectBuildError(() => statefulMap(null as never, (s, x) => [s, x]), TypeError, 'statefulMap(create): expected a function, got null')
      expectBuildError(() => statefulMap(() => 0, 'f' as never), TypeError, 'statefulMap(f): expected a function, got "f"')
      expectBuildError(() => statefulMap(() => 0, (s, x) => [s, x], 5 as never), TypeError, 'statefulMap(onComplete): expected a function, got 5')
      expectBuildError(
        () => Source.single(1).statefulMap(() => 0, undefined as never),
        TypeError,
        'statefulMap(f): expected a function, got undefined',
      )
    })

    it('creates a fresh state for each run', async () => {
      let creates = 0
      const graph = Source.from([1, 2]).statefulMap(
        () => {
          creates++
          return [] as number[]
        },
        (seen: number[], x: number): [number[], number] => [[...seen, x], seen.length],
      )
      expect(await graph.runCollect()).toEqual([0, 1])
      expect(await graph.runCollect()).toEqual([0, 1])
      expect(creates).toBe(2)
    })

    it('calls onComplete once on upstream failure and passes the failure on (its element dropped)', async () => {
      const boom = new Error('boom')
      const finals: number[] = []
      const [up, down] = probeFlow(
        statefulMap(
          () => 10,
          (s: number, x: number) => [s + x, s + x] as const,
          (s) => {
            finals.push(s)
            return s
          },
        ),
      )
      down.request(5)
      up.sendNext(1).sendError(boom)
      await down.expectNext(11)
      await down.expectError(boom)
      expect(finals).toEqual([11])
    })

    it('calls onComplete once when downstream cancels mid-stream, and cancels upstream', async () => {
      const finals: number[] = []
      const [up, down] = probeFlow(
        statefulMap(
          () => 0,
          (s: number, x: number) => [s + x, x] as const,
          (s) => {
            finals.push(s)
            return undefined
          },
        ),
      )
      down.request(1)
      up.sendNext(4)
      await down.expectNext(4)
      down.cancel()
      await up.expectCancellation()
      expect(finals).toEqual([4])
    })

    it('completes with no demand outstanding when onComplete emits nothing', async () => {
      const [up, down] = probeFlow(statefulMap(() => 0, (s: number, x: number) => [s, x] as const))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error f threw, naming statefulMap, cancels upstream and still calls onComplete once', async () => {
      const boom = new Error('bad element')
      let finals = 0
      const [up, down] = probeFlow(
        statefulMap(
          () => 0,
          (s: number, x: number) => {
            if (x === 2) throw boom
            return [s, x] as const
          },
          () => {
            finals++
            return undefined
          },
        ),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('statefulMap')
      await up.expectCancellation()
      expect(finals).toBe(1)
    })

    it('fails with the error create threw, naming statefulMap', async () => {
      const boom = new Error('no state')
      const err = await Source.from([1])
        .statefulMap(
          () => {
            throw boom
          },
          (s, x) => [s, x] as const,
        )
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('statefulMap')
    })

    it('fails with the error onComplete threw at completion', async () => {
      const boom = new Error('no final')
      const err = await Source.from([1])
        .statefulMap(
          () => 0,
          (s, x) => [s, x] as const,
          () => {
            throw boom
          },
        )
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('statefulMap')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(evenSums, [1, 2, 3]))
  })
})
