import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { fromIterable } from '../../../src/operators/source/fromIterable.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, expectReleased, ints, probeSource, RUNS, tracked, trackedEndless } from '../../support/operators.js'

/** The same elements as an Array (fast path), a Set-free generic iterable, and a generator. */
const shapes = (xs: number[]): Record<string, () => Iterable<number>> => ({
  array: () => xs,
  iterable: () => ({ [Symbol.iterator]: () => xs[Symbol.iterator]() }),
  generator: () =>
    (function* () {
      yield* xs
    })(),
})

describe('fromIterable', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.constantFrom('array', 'iterable', 'generator'), demandSchedule(), async (xs, shape, schedule) => {
          expectClean(await runScheduled(fromIterable(shapes(xs)[shape]!()), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the elements in iteration order (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.constantFrom('array', 'iterable', 'generator'), demandSchedule(), async (xs, shape, schedule) => {
          expectModel(await runScheduled(fromIterable(shapes(xs)[shape]!()), schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })

    it('iterates afresh in each run of the same blueprint', async () => {
      const source = Source.fromIterable(new Set([1, 2, 3]))
      expect(await source.runCollect()).toEqual([1, 2, 3])
      expect(await source.runCollect()).toEqual([1, 2, 3])
    })
  })

  describe('edges', () => {
    it('completes an empty array without any demand', async () => {
      await probeSource(fromIterable([])).expectSubscriptionAndComplete()
    })

    it('completes an empty generic iterable once asked (it cannot know before calling next)', async () => {
      const down = probeSource(fromIterable(new Set<number>()))
      down.request(1)
      await down.expectComplete()
    })

    it('rejects what is not an iterable at build time', () => {
      expectBuildError(() => fromIterable(null as never), TypeError, 'fromIterable(iterable): expected a value, got null')
      expectBuildError(() => fromIterable({} as never), TypeError, 'fromIterable(iterable): expected an Iterable (an object with [Symbol.iterator])')
      expectBuildError(() => Source.fromIterable(42 as never), TypeError, 'fromIterable(iterable): expected an Iterable (an object with [Symbol.iterator])')
    })

    it('asks the iterator for one element per request', async () => {
      const { source, tracking } = tracked([1, 2, 3, 4])
      const down = probeSource(source)
      down.request(2)
      await down.expectNext(1, 2)
      await down.expectNoMessage(5)
      expect(tracking.emitted).toBe(2)
    })

    it('fails with the error the iterator threw, naming fromIterable', async () => {
      const boom = new Error('iterator broke')
      const { source, tracking } = tracked([1, 2], boom)
      const down = probeSource(source)
      down.request(5)
      await down.expectNext(1, 2)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('fromIterable')
      expect(tracking.finallyRan).toBe(true)
    })

    it('fails when the iterable yields undefined or null (elements are never null)', async () => {
      const err = await Source.fromIterable([1, undefined as unknown as number]).runCollect().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(TypeError)
      expect((err as Error).message).toMatch(/Reactive Streams §2\.13/)
    })

    it('completes together with the last element of an array, without waiting for more demand', async () => {
      const down = probeSource(fromIterable([1, 2]))
      down.request(2)
      await down.expectNext(1, 2)
      await down.expectComplete()
    })

    it('calls return() on the iterator when cancelled mid-stream (the generator finally runs)', async () => {
      const { source, tracking } = trackedEndless()
      const run = await runScheduled(source, [{ request: 3 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1, 2])
      expect(tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the iterator after completion, failure and cancel', async () => {
      const done = tracked([1, 2])
      expectClean(await runScheduled(done.source, [{ request: 10 }]), 'completed')
      expectReleased(done.tracking)
      const failing = tracked([1], new Error('x'))
      expectClean(await runScheduled(failing.source, [{ request: 10 }]), 'failed')
      expectReleased(failing.tracking)
      const cancelled = trackedEndless()
      expectClean(await runScheduled(cancelled.source, [{ request: 1 }, { cancel: true }]), 'cancelled')
      expect(cancelled.tracking.finallyRan).toBe(true)
    })
  })
})
