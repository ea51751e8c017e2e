/**
 * `Flow.toProcessor()` as an operator (its Reactive Streams rules are in test/spec): demand,
 * model, edges and cleanup, with a Source feeding its Subscriber side and a recording
 * Subscriber on its Publisher side.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Sink, Source } from '../../src/index.js'
import { ints, RUNS, tracked, trackedEndless } from '../support/operators.js'
import { ManualPublisher, RecordingSubscriber, settle, playScript, requestScripts, type Step } from '../support/spec.js'

const steps = requestScripts

const odd = (x: number): boolean => x % 2 !== 0
const flow = (): Flow<number, number> => Flow.create<number>().filter(odd).map((x) => x * 10)

/** Feeds `xs` through a processor of `flow()` into a recorder driven by `script`. */
async function play(xs: number[], script: Step[]) {
  const upstream = tracked(xs)
  const processor = flow().toProcessor().run()
  upstream.source.runWith(Sink.fromSubscriber(processor))
  const sub = new RecordingSubscriber<number>()
  processor.subscribe(sub)
  const cancelled = await playScript(sub, script)
  return { sub, cancelled, tracking: upstream.tracking }
}

describe('Flow.toProcessor', () => {
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
    it('publishes the flow applied to the input, like xs.filter(odd).map(x * 10) (a prefix without enough demand)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), steps, async (xs, script) => {
          const { sub, cancelled } = await play(xs, script)
          const expected = xs.filter(odd).map((x) => x * 10)
          expect(sub.elements).toEqual(expected.slice(0, sub.elements.length))
          if (!cancelled && sub.requested > expected.length) {
            expect(sub.elements).toEqual(expected)
            expect(sub.terminal).toBe('onComplete')
          }
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('passes an empty stream through as onComplete without demand', async () => {
      const processor = flow().toProcessor().run()
      Source.empty<number>().runWith(Sink.fromSubscriber(processor))
      const sub = new RecordingSubscriber<number>()
      processor.subscribe(sub)
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onComplete'])
    })

    it('takes no argument; materializes a new Processor in each run', () => {
      const blueprint = flow().toProcessor()
      expect(blueprint.run()).not.toBe(blueprint.run())
    })

    it('passes an upstream onError through', async () => {
      const boom = new Error('boom')
      const processor = flow().toProcessor().run()
      const pub = new ManualPublisher<number>()
      pub.subscribe(processor)
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(5)
      processor.subscribe(sub)
      await settle()
      pub.next(1)
      pub.error(boom)
      await settle()
      expect(sub.elements).toEqual([10])
      expect(sub.error).toBe(boom)
    })

    it('cancels its upstream Subscription when its Subscriber cancels mid-stream', async () => {
      const processor = flow().toProcessor().run()
      const pub = new ManualPublisher<number>()
      pub.subscribe(processor)
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(1)
      processor.subscribe(sub)
      await settle()
      pub.next(1, 3)
      await settle()
      sub.cancel()
      await settle()
      expect(sub.elements).toEqual([10])
      expect(pub.cancels).toBe(1)
    })

    it('signals completion with no demand outstanding', async () => {
      const processor = flow().toProcessor().run()
      const pub = new ManualPublisher<number>()
      pub.subscribe(processor)
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(1)
      processor.subscribe(sub)
      await settle()
      pub.next(1)
      await settle()
      pub.complete()
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onNext', 'onComplete'])
    })

    it('fails with the error a user function in the flow threw, naming its stage, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const processor = Flow.create<number>()
        .map((x) => {
          if (x === 2) throw boom
          return x
        })
        .toProcessor()
        .run()
      const pub = new ManualPublisher<number>()
      pub.subscribe(processor)
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(5)
      processor.subscribe(sub)
      await settle()
      pub.next(1, 2, 3)
      await settle()
      expect(sub.elements).toEqual([1])
      expect(sub.error).toBe(boom)
      expect(failedStage(boom)?.stage).toBe('map')
      expect(pub.cancels).toBe(1)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, failure and cancel', async () => {
      const done = await play([1, 2, 3], [{ request: 10 }])
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      const processor = flow().toProcessor().run()
      failing.source.runWith(Sink.fromSubscriber(processor))
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(10)
      processor.subscribe(sub)
      await settle()
      expect(sub.terminal).toBe('onError')
      expect(failing.tracking.finallyRan).toBe(true)
      const endless = trackedEndless()
      const p2 = flow().toProcessor().run()
      endless.source.runWith(Sink.fromSubscriber(p2))
      const sub2 = new RecordingSubscriber<number>()
      sub2.onSubscribeHook = () => sub2.request(2)
      p2.subscribe(sub2)
      await settle()
      sub2.cancel()
      await settle()
      expect(endless.tracking.finallyRan).toBe(true)
    })
  })
})
