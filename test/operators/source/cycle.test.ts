import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { cycle } from '../../../src/operators/source/cycle.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS, sourceDemandLaw } from '../../support/operators.js'

const nonEmpty = (): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 5 })

describe('cycle', () => {
  describe('demand', () => {
    it('never emits more than requested, sends nothing after cancel, never completes by itself', () =>
      sourceDemandLaw(() => cycle(() => [1, 2, 3]), (run) => expect(run.outcome).toBe('cancelled'), {
        schedule: demandSchedule().map((steps) => [...steps, { cancel: true as const }]),
      }))
  })

  describe('model', () => {
    it('emits the elements repeated, as Array concatenation of copies would', async () => {
      await fc.assert(
        fc.asyncProperty(nonEmpty(), fc.integer({ min: 0, max: 30 }), async (xs, n) => {
          const expected = Array.from({ length: n }, (_, i) => xs[i % xs.length]!)
          expect(await Source.cycle(() => xs).take(n).runCollect()).toEqual(expected)
        }),
        { numRuns: RUNS },
      )
      await fc.assert(
        fc.asyncProperty(nonEmpty(), demandSchedule(), async (xs, schedule) => {
          const run = await runScheduled(Source.cycle(() => xs).take(12), schedule)
          expectModel(run, Array.from({ length: 12 }, (_, i) => xs[i % xs.length]!))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('calls create again each time the elements run out, one iterable at a time', async () => {
      let calls = 0
      expect(await Source.cycle(() => (calls++, ['a', 'b'])).take(5).runCollect()).toEqual(['a', 'b', 'a', 'b', 'a'])
      expect(calls).toBe(3)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => cycle(null as never), TypeError, 'cycle(create): expected a function, got null')
      expectBuildError(() => Source.cycle([1, 2] as never), TypeError, 'cycle(create): expected a function, got an array')
    })

    it('fails with a RangeError when create returns an empty iterable, first or later', async () => {
      const first = await Source.cycle(() => []).runCollect().catch((e: unknown) => e)
      expect(first).toBeInstanceOf(RangeError)
      expect((first as Error).message).toBe('cycle(create): create returned an empty iterable')
      let n = 0
      const later = await Source.cycle(() => (n++ === 0 ? [1] : [])).runCollect().catch((e: unknown) => e)
      expect(String(later)).toBe('RangeError: cycle(create): create returned an empty iterable')
    })

    it('fails with the error create threw, naming cycle', async () => {
      const boom = new Error('no data')
      const err = await Source.cycle<number>(() => {
        throw boom
      })
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('cycle')
    })

    it('emits nothing until downstream asks', async () => {
      const down = probeSource(cycle(() => [1]))
      await down.expectNoMessage(10)
      down.request(2)
      await down.expectNext(1, 1)
      down.cancel()
    })
  })

  describe('cleanup', () => {
    it("runs the current generator's finally on cancel", async () => {
      let finallyRan = 0
      const gen = function* (): Generator<number> {
        try {
          yield 1
          yield 2
        } finally {
          finallyRan++
        }
      }
      const run = await runScheduled(cycle(gen), [{ request: 3 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([1, 2, 1])
      expect(finallyRan).toBe(2)
    })
  })
})
