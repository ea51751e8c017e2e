import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { asPublisher } from '../../../src/operators/sink/asPublisher.js'
import { TestSource, VirtualScheduler } from '../../../src/testkit/index.js'
import { SubscriptionTimeoutError } from '../../../src/operators/sink/SubscriptionTimeoutError.js'
import { ints, RUNS, tracked, trackedEndless } from '../../support/operators.js'
import { RecordingSubscriber, settle, playScript, requestScripts, type Step } from '../../support/spec.js'

const steps = requestScripts

/** Subscribes a recorder to a Publisher of `xs`, plays `script`, and returns what it saw. */
async function play(xs: number[], script: Step[]) {
  const upstream = tracked(xs)
  const publisher = upstream.source.runWith(asPublisher<number>())
  const sub = new RecordingSubscriber<number>()
  publisher.subscribe(sub)
  const cancelled = await playScript(sub, script)
  return { sub, cancelled, tracking: upstream.tracking }
}

describe('asPublisher', () => {
  describe('demand', () => {
    it('sends no more than requested, terminates once, nothing after cancel (random request scripts)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), steps, async (xs, script) => {
          const { sub, cancelled, tracking } = await play(xs, script)
          expect(sub.violations).toEqual([])
          expect(sub.terminalCount).toBeLessThanOrEqual(1)
          expect(sub.elements.length).toBeLessThanOrEqual(sub.requested)
          if (cancelled) expect(tracking.started && !tracking.finallyRan).toBe(false)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('publishes the elements in order: all with enough demand, a prefix otherwise', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), steps, async (xs, script) => {
          const { sub, cancelled } = await play(xs, script)
          expect(sub.elements).toEqual(xs.slice(0, sub.elements.length))
          if (!cancelled && sub.requested > xs.length) {
            expect(sub.elements).toEqual(xs)
            expect(sub.terminal).toBe('onComplete')
          }
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('with subscriptionTimeout, cancels upstream when no Subscriber comes in time; a late one gets the error', async () => {
      const scheduler = new VirtualScheduler()
      const [up, publisher] = TestSource.probe<number>().toMat(Sink.asPublisher({ subscriptionTimeout: '1s' }), Keep.both).run({ scheduler })
      await scheduler.advance(999)
      await up.expectNoRequest(5)
      await scheduler.advance(1)
      const cause = await up.expectCancellation()
      expect(cause).toBeInstanceOf(SubscriptionTimeoutError)
      expect(scheduler.pendingTimers).toBe(0)
      const late = new RecordingSubscriber<number>()
      publisher.subscribe(late)
      const error = late.signals.find((s) => s.kind === 'onError') as { error: unknown } | undefined
      expect(error?.error).toBeInstanceOf(SubscriptionTimeoutError)
      expect((error?.error as Error).message).toBe('asPublisher: no Subscriber within 1000 ms')
    })

    it('with subscriptionTimeout, a Subscriber in time gets everything and the timer is harmless', async () => {
      const publisher = Source.range(1, 3).runWith(Sink.asPublisher({ subscriptionTimeout: 1000 }))
      expect(await Source.fromPublisher(publisher).runCollect()).toEqual([1, 2, 3])
      expect(() => asPublisher({ subscriptionTimeout: -1 as never })).toThrow(
        'asPublisher(options.subscriptionTimeout): expected a finite non-negative number, got -1',
      )
    })

    it('signals onComplete without demand for an empty stream', async () => {
      const sub = new RecordingSubscriber<number>()
      Source.empty<number>().runWith(Sink.asPublisher<number>()).subscribe(sub)
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onComplete'])
    })

    it('takes no argument; materializes a new Publisher in each run', () => {
      const graph = Source.single(1).toMat(Sink.asPublisher<number>(), Keep.right)
      expect(graph.run()).not.toBe(graph.run())
    })

    it('pulls upstream only for requested elements', async () => {
      const [up, publisher] = TestSource.probe<number>().toMat(asPublisher<number>(), Keep.both).run()
      const sub = new RecordingSubscriber<number>()
      publisher.subscribe(sub)
      await settle()
      expect(up.requests).toBe(0)
      sub.request(2)
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await up.expectNoRequest(5)
      await settle()
      expect(sub.elements).toEqual([1, 2])
    })

    it('signals onError with the upstream failure', async () => {
      const boom = new Error('boom')
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(5)
      tracked([1], boom).source.runWith(Sink.asPublisher<number>()).subscribe(sub)
      await settle()
      expect(sub.elements).toEqual([1])
      expect(sub.error).toBe(boom)
    })

    it('cancels upstream when the Subscriber cancels mid-stream', async () => {
      const endless = trackedEndless()
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(2)
      endless.source.runWith(Sink.asPublisher<number>()).subscribe(sub)
      await settle()
      sub.cancel()
      await settle()
      expect(sub.elements).toEqual([0, 1])
      expect(endless.tracking.finallyRan).toBe(true)
    })

    it('signals completion with no demand outstanding', async () => {
      const [up, publisher] = TestSource.probe<number>().toMat(asPublisher<number>(), Keep.both).run()
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(1)
      publisher.subscribe(sub)
      up.sendNext(1)
      await settle()
      up.sendComplete()
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onNext', 'onComplete'])
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, failure and cancel', async () => {
      const done = await play([1, 2], [{ request: 10 }])
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(10)
      failing.source.runWith(Sink.asPublisher<number>()).subscribe(sub)
      await settle()
      expect(sub.terminal).toBe('onError')
      expect(failing.tracking.finallyRan).toBe(true)
      const cancelled = await play([1, 2, 3], [{ request: 1 }, { settle: true }, { cancel: true }])
      expect(cancelled.tracking.finallyRan).toBe(true)
    })
  })
})
