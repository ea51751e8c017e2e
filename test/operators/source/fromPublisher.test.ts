import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { fromPublisher } from '../../../src/operators/source/fromPublisher.js'
import type { Publisher } from '../../../src/spec/types.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS, trackedEndless } from '../../support/operators.js'
import { ManualPublisher, settle } from '../../support/spec.js'

const publisherOf = (xs: readonly number[]): Publisher<number> => Source.from(xs).runWith(Sink.asPublisher<number>())

describe('fromPublisher', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.integer({ min: 1, max: 20 }), demandSchedule(), async (xs, bufferSize, schedule) => {
          expectClean(await runScheduled(fromPublisher(publisherOf(xs), { bufferSize }), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits what the Publisher publishes, in order (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.integer({ min: 1, max: 20 }), demandSchedule(), async (xs, bufferSize, schedule) => {
          expectModel(await runScheduled(fromPublisher(publisherOf(xs), { bufferSize }), schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty Publisher without any demand', async () => {
      await probeSource(fromPublisher(publisherOf([]))).expectSubscriptionAndComplete()
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => fromPublisher(null as never), TypeError, 'fromPublisher(publisher): expected a value, got null')
      expectBuildError(() => fromPublisher({} as never), TypeError, 'fromPublisher(publisher): expected a Publisher (an object with subscribe)')
      expectBuildError(() => fromPublisher(publisherOf([]), { bufferSize: 0 }), RangeError, 'fromPublisher(bufferSize): expected a positive integer, got 0')
      expectBuildError(() => Source.fromPublisher(publisherOf([]), { bufferSize: 1.5 }), RangeError, 'fromPublisher(bufferSize): expected a positive integer, got 1.5')
    })

    it('subscribes once per run and requests a whole buffer ahead', async () => {
      const pub = new ManualPublisher<number>()
      const down = probeSource(fromPublisher(pub, { bufferSize: 4 }))
      await settle()
      expect(pub.requests).toEqual([4])
      pub.next(1, 2)
      await down.expectNoMessage(5)
      down.request(2)
      await down.expectNext(1, 2)
      down.cancel()
    })

    it('fails with the error the Publisher signals', async () => {
      const boom = new Error('publisher failed')
      const down = probeSource(fromPublisher(Source.failed<number>(boom).runWith(Sink.asPublisher<number>())))
      expect(await down.expectSubscriptionAndError()).toBe(boom)
    })

    it('completes once asked again after its buffer is drained', async () => {
      const pub = new ManualPublisher<number>()
      const down = probeSource(fromPublisher(pub))
      await settle()
      pub.next(1)
      pub.complete()
      down.request(2)
      await down.expectNext(1)
      await down.expectComplete()
    })

    it('cancels its Subscription when downstream cancels mid-stream, stopping the upstream', async () => {
      const upstream = trackedEndless()
      const run = await runScheduled(fromPublisher(upstream.source.runWith(Sink.asPublisher<number>())), [{ request: 3 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1, 2])
      await settle()
      expect(upstream.tracking.finallyRan).toBe(true)
    })

    // Completion follows the last buffered element at once, with no further pull.
    it('completes with no demand outstanding once its buffer is drained', async () => {
      const pub = new ManualPublisher<number>()
      const down = probeSource(fromPublisher(pub), { timeoutMs: 100 })
      await settle()
      pub.next(1)
      pub.complete()
      down.request(1)
      await down.expectNext(1)
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion, failure and cancel', async () => {
      expectClean(await runScheduled(fromPublisher(publisherOf([1, 2, 3])), [{ request: 10 }]), 'completed')
      expectClean(await runScheduled(fromPublisher(Source.failed<number>(new Error('x')).runWith(Sink.asPublisher<number>())), []), 'failed')
      expectClean(await runScheduled(fromPublisher(publisherOf([1, 2, 3])), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })
  })
})
