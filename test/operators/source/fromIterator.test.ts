import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { fromIterator } from '../../../src/operators/source/fromIterator.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS, sourceDemandLaw } from '../../support/operators.js'

describe('fromIterator', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      sourceDemandLaw(() => fromIterator(() => [1, 2, 3, 4][Symbol.iterator]()), (run) => expectModel(run, [1, 2, 3, 4])))
  })

  describe('model', () => {
    it('emits what the iterator yields, like Array.from, with a fresh iterator per run', async () => {
      await fc.assert(
        fc.asyncProperty(ints(30), async (xs) => {
          const source = Source.fromIterator(() => xs.values())
          expect(await source.runCollect()).toEqual(Array.from(xs.values()))
          expect(await source.runCollect()).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty iterator without any demand', async () => {
      const down = probeSource(fromIterator(() => [][Symbol.iterator]()))
      down.request(1)
      await down.expectComplete()
    })

    it('rejects bad arguments: create at build time, what create returns at start', async () => {
      expectBuildError(() => fromIterator(null as never), TypeError, 'fromIterator(create): expected a function, got null')
      expectBuildError(() => Source.fromIterator([1] as never), TypeError, 'fromIterator(create): expected a function, got an array')
      const err = await Source.fromIterator(() => 5 as never).runCollect().catch((e: unknown) => e)
      expect(String(err)).toBe('TypeError: fromIterator(create): expected create to return an iterator, got number')
    })

    it('calls next() only on demand', async () => {
      let nexts = 0
      const it = { next: (): IteratorResult<number> => (nexts++, { done: false, value: nexts }) }
      const down = probeSource(fromIterator(() => it))
      await down.expectNoMessage(10)
      expect(nexts).toBe(0)
      down.request(2)
      await down.expectNext(1, 2)
      expect(nexts).toBe(2)
      down.cancel()
    })

    it('fails with the error next() threw, naming fromIterator, without calling return()', async () => {
      const boom = new Error('bad next')
      let returned = false
      const it = {
        next: (): IteratorResult<number> => {
          throw boom
        },
        return: (): IteratorResult<number> => ((returned = true), { done: true, value: undefined }),
      }
      const err = await Source.fromIterator(() => it).runCollect().catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('fromIterator')
      expect(returned).toBe(false)
    })
  })

  describe('cleanup', () => {
    it("runs the generator's finally on cancel and on a downstream failure, once per run", async () => {
      let finallyRan = 0
      const gen = function* (): Generator<number> {
        try {
          for (let i = 0; ; i++) yield i
        } finally {
          finallyRan++
        }
      }
      const run = await runScheduled(fromIterator(gen), [{ request: 2 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(finallyRan).toBe(1)
      await Source.fromIterator(gen)
        .runForEach((x) => {
          if (x === 3) throw new Error('downstream')
        })
        .catch(() => {})
      expect(finallyRan).toBe(2)
      await Source.fromIterator(gen).take(3).runCollect()
      expect(finallyRan).toBe(3)
    })
  })
})
