import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { fromPromise } from '../../../src/operators/source/fromPromise.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, probeSource, RUNS } from '../../support/operators.js'

describe('fromPromise', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer(), fc.boolean(), demandSchedule(), async (x, later, schedule) => {
          const promise = later ? new Promise<number>((resolve) => setImmediate(() => resolve(x))) : Promise.resolve(x)
          expectClean(await runScheduled(fromPromise(promise), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the resolved value once, then completes (nothing when cancelled first)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer(), demandSchedule(), async (x, schedule) => {
          expectModel(await runScheduled(fromPromise(Promise.resolve(x)), schedule), [x])
        }),
        { numRuns: RUNS },
      )
    })

    it('fails with the rejection reason', async () => {
      const boom = new Error('rejected')
      const run = await runScheduled(fromPromise(Promise.reject(boom)), [{ request: 1 }])
      expectClean(run, 'failed')
      expect(run.error).toBe(boom)
    })
  })

  describe('edges', () => {
    it('rejects what is not a thenable at build time', () => {
      expectBuildError(() => fromPromise(null as never), TypeError, 'fromPromise(promise): expected a value, got null')
      expectBuildError(() => Source.fromPromise({} as never), TypeError, 'fromPromise(promise): expected a Promise or thenable')
    })

    it('holds a value that arrives before demand until downstream asks', async () => {
      const down = probeSource(fromPromise(Promise.resolve(3)))
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(3)
      await down.expectComplete()
    })

    it('emits a value that arrives after demand at once', async () => {
      let resolve: (x: number) => void = () => {}
      const down = probeSource(fromPromise(new Promise<number>((r) => (resolve = r))))
      down.request(1)
      await down.expectNoMessage(5)
      resolve(9)
      await down.expectNext(9)
      await down.expectComplete()
    })

    it('fails without any demand when the Promise rejects', async () => {
      const boom = new Error('no')
      expect(await probeSource(fromPromise(Promise.reject(boom))).expectSubscriptionAndError()).toBe(boom)
    })

    it('fails with a TypeError when the Promise resolves to null or undefined', async () => {
      for (const bad of [null, undefined]) {
        const err = await Source.fromPromise(Promise.resolve(bad as unknown as number)).runCollect().catch((e: unknown) => e)
        expect(err).toBeInstanceOf(TypeError)
        expect((err as Error).message).toBe('fromPromise: the Promise resolved to null or undefined')
      }
    })

    it('accepts any thenable', async () => {
      const thenable: PromiseLike<string> = { then: (ok) => (ok?.('t'), undefined as never) }
      expect(await Source.fromPromise(thenable).runCollect()).toEqual(['t'])
    })

    it('stops when cancelled before the Promise settles, ignoring the late value', async () => {
      let resolve: (x: number) => void = () => {}
      const run = await runScheduled(fromPromise(new Promise<number>((r) => (resolve = r))), [{ request: 1 }, { cancel: true }])
      expectClean(run, 'cancelled')
      resolve(1)
      await new Promise((r) => setImmediate(r))
      expect(run.elements).toEqual([])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion, failure and cancel', async () => {
      expectClean(await runScheduled(fromPromise(Promise.resolve(1)), [{ request: 1 }]), 'completed')
      expectClean(await runScheduled(fromPromise(Promise.reject(new Error('x'))), []), 'failed')
      expectClean(await runScheduled(fromPromise(new Promise<number>(() => {})), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })
  })
})
