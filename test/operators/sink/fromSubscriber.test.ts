import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { fromSubscriber } from '../../../src/operators/sink/fromSubscriber.js'
import { TestSource } from '../../../src/testkit/index.js'
import { expectBuildError, ints, RUNS, tracked, trackedEndless } from '../../support/operators.js'
import { RecordingSubscriber, settle, playScript, requestScripts, type Step } from '../../support/spec.js'

const steps = requestScripts

/** Runs a source of `xs` into `fromSubscriber(recorder)`, plays `script` on the recorder's Subscription. */
async function play(xs: number[], script: Step[]) {
  const upstream = tracked(xs)
  const sub = new RecordingSubscriber<number>()
  upstream.source.runWith(fromSubscriber(sub))
  const cancelled = await playScript(sub, script)
  return { sub, cancelled, tracking: upstream.tracking }
}

describe('fromSubscriber', () => {
  describe('demand', () => {
    it('sends the Subscriber no more than it requested, terminates once, nothing after cancel', async () => {
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
    it('hands the Subscriber the elements in order: all with enough demand, a prefix otherwise', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), steps, async (xs, script) => {
          const { sub, cancelled } = await play(xs, script)
          expect(sub.elements).toEqual(xs.slice(0, sub.elements.length))
          if (!cancelled && sub.requested > xs.length) expect(sub.terminal).toBe('onComplete')
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('calls onSubscribe, then onComplete without demand for an empty stream', async () => {
      const sub = new RecordingSubscriber<number>()
      Source.empty<number>().runWith(Sink.fromSubscriber(sub))
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onComplete'])
    })

    it('rejects a missing Subscriber at build time', () => {
      expectBuildError(() => fromSubscriber(null as never), TypeError, 'fromSubscriber(subscriber): expected a value, got null')
      expectBuildError(() => Sink.fromSubscriber(undefined as never), TypeError, 'fromSubscriber(subscriber): expected a value, got undefined')
    })

    it('pulls upstream only for what the Subscriber requested', async () => {
      const sub = new RecordingSubscriber<number>()
      const up = TestSource.probe<number>().toMat(fromSubscriber(sub), Keep.left).run()
      await settle()
      expect(up.requests).toBe(0)
      sub.request(1)
      await up.expectRequest()
      up.sendNext(9)
      await up.expectNoRequest(5)
      await settle()
      expect(sub.elements).toEqual([9])
    })

    it('signals onError with the upstream failure', async () => {
      const boom = new Error('boom')
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(5)
      tracked([1], boom).source.runWith(Sink.fromSubscriber(sub))
      await settle()
      expect(sub.elements).toEqual([1])
      expect(sub.error).toBe(boom)
    })

    it('cancels upstream when the Subscriber cancels mid-stream', async () => {
      const endless = trackedEndless()
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(3)
      endless.source.runWith(Sink.fromSubscriber(sub))
      await settle()
      sub.cancel()
      await settle()
      expect(sub.elements).toEqual([0, 1, 2])
      expect(sub.terminal).toBeUndefined()
      expect(endless.tracking.finallyRan).toBe(true)
    })

    it('signals completion with no demand outstanding', async () => {
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(1)
      const up = TestSource.probe<number>().toMat(fromSubscriber(sub), Keep.left).run()
      up.sendNext(1)
      await settle()
      up.sendComplete()
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onNext', 'onComplete'])
    })

    it('cancels upstream when the Subscriber throws from onNext (§2.13)', async () => {
      const endless = trackedEndless()
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(10)
      sub.onNextHook = (x) => {
        if (x === 1) throw new Error('subscriber broke')
      }
      endless.source.runWith(Sink.fromSubscriber(sub))
      await settle()
      expect(sub.elements).toEqual([0, 1])
      expect(endless.tracking.finallyRan).toBe(true)
    })

    // §2.13 asks that the error be raised "in a fashion adequate for the runtime": the run's hook.
    it('reports the error a Subscriber threw from onNext to the run hook (§2.13)', async () => {
      const unhandled: unknown[] = []
      const broke = new Error('subscriber broke')
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(10)
      sub.onNextHook = () => {
        throw broke
      }
      Source.from([1, 2]).runWith(Sink.fromSubscriber(sub), { onUnhandledError: (e) => unhandled.push(e) })
      await settle()
      expect(unhandled).toContain(broke)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, failure and cancel', async () => {
      const done = await play([1, 2], [{ request: 10 }])
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(10)
      failing.source.runWith(Sink.fromSubscriber(sub))
      await settle()
      expect(sub.terminal).toBe('onError')
      expect(failing.tracking.finallyRan).toBe(true)
      const cancelled = await play([1, 2, 3], [{ request: 1 }, { settle: true }, { cancel: true }])
      expect(cancelled.tracking.finallyRan).toBe(true)
    })
  })
})
