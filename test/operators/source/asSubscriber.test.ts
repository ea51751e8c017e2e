import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { asSubscriber } from '../../../src/operators/source/asSubscriber.js'
import type { Subscriber } from '../../../src/spec/types.js'
import { demandSchedule, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, RUNS, trackedEndless } from '../../support/operators.js'
import { ManualPublisher, settle } from '../../support/spec.js'

/**
 * `asSubscriber` whose Subscriber is subscribed, at materialization, to a Publisher of `source`.
 * Wrapped in `Source.lazy` because runScheduled keeps only its sink's materialized value, and the
 * runtime then skips the source's `mapMaterializedValue` (see test/core/materialization.test.ts).
 */
const fedBy = (source: Source<number>, bufferSize?: number): Source<number, unknown> =>
  Source.lazy(() =>
    Source.fromGraph(asSubscriber<number>(bufferSize === undefined ? {} : { bufferSize })).mapMaterializedValue((subscriber: Subscriber<number>) => {
      source.runWith(Sink.asPublisher<number>()).subscribe(subscriber)
      return subscriber
    }),
  )

describe('asSubscriber', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.integer({ min: 1, max: 20 }), demandSchedule(), async (xs, bufferSize, schedule) => {
          expectClean(await runScheduled(fedBy(Source.from(xs), bufferSize), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits what is published to its Subscriber, in order (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.integer({ min: 1, max: 20 }), demandSchedule(), async (xs, bufferSize, schedule) => {
          expectModel(await runScheduled(fedBy(Source.from(xs), bufferSize), schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes without any demand when its Publisher completes without elements', async () => {
      const [subscriber, down] = Source.asSubscriber<number>().toMat(TestSink.probe<number>(), Keep.both).run()
      Source.empty<number>().runWith(Sink.asPublisher<number>()).subscribe(subscriber)
      await down.expectSubscriptionAndComplete()
    })

    it('rejects a bad buffer size at build time', () => {
      expectBuildError(() => asSubscriber({ bufferSize: 0 }), RangeError, 'asSubscriber(bufferSize): expected a positive integer, got 0')
      expectBuildError(() => Source.asSubscriber({ bufferSize: -1 }), RangeError, 'asSubscriber(bufferSize): expected a positive integer, got -1')
    })

    it('materializes a new Subscriber in each run', () => {
      const blueprint = Source.asSubscriber<number>().to(Sink.ignore())
      expect(blueprint.run()).not.toBe(blueprint.run())
    })

    it('waits, with no element, until something subscribes it', async () => {
      const [, down] = Source.asSubscriber<number>().toMat(TestSink.probe<number>(), Keep.both).run()
      down.request(1)
      await down.expectNoMessage(10)
      down.cancel()
    })

    it('fails with the error its Publisher signals', async () => {
      const boom = new Error('publisher failed')
      const [subscriber, down] = Source.asSubscriber<number>().toMat(TestSink.probe<number>(), Keep.both).run()
      const pub = new ManualPublisher<number>()
      pub.subscribe(subscriber)
      await settle()
      pub.error(boom)
      expect(await down.expectSubscriptionAndError()).toBe(boom)
    })

    it('cancels its Subscription when downstream cancels mid-stream', async () => {
      const upstream = trackedEndless()
      const run = await runScheduled(fedBy(upstream.source), [{ request: 2 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1])
      await settle()
      expect(upstream.tracking.finallyRan).toBe(true)
    })

    // Completion follows the last buffered element at once, with no further pull.
    it('completes with no demand outstanding once its buffer is drained', async () => {
      const [subscriber, down] = Source.asSubscriber<number>().toMat(TestSink.probe<number>({ timeoutMs: 100 }), Keep.both).run()
      const pub = new ManualPublisher<number>()
      pub.subscribe(subscriber)
      await settle()
      pub.next(5)
      pub.complete()
      down.request(1)
      await down.expectNext(5)
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion, failure and cancel', async () => {
      expectClean(await runScheduled(fedBy(Source.from([1, 2])), [{ request: 10 }]), 'completed')
      expectClean(await runScheduled(fedBy(Source.failed<number>(new Error('x'))), []), 'failed')
      expectClean(await runScheduled(fedBy(Source.from([1, 2, 3])), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })
  })
})
