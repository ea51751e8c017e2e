/**
 * Reactive Streams rules for every Publisher sluice exposes: `Sink.asPublisher()` and the
 * Publisher side of `Flow.toProcessor()`. One contract suite, run against each factory.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Sink, Source, SpecViolationError } from '../../src/index.js'
import { rules, UNBOUNDED } from '../../src/spec/rules.js'
import type { Publisher } from '../../src/spec/types.js'
import { RecordingSubscriber, settle } from '../support/spec.js'

/** Makes a Publisher of what `source` emits. */
type Factory = (source: Source<number>) => Publisher<number>

const factories: Record<string, Factory> = {
  'Sink.asPublisher': (source) => source.runWith(Sink.asPublisher<number>()),
  'Flow.toProcessor (Publisher side)': (source) => {
    const processor = Flow.create<number>().map((x) => x).toProcessor().run()
    source.runWith(Sink.fromSubscriber(processor))
    return processor
  },
}

/**
 * A source of `elements` (then `failure`) that records when its iterator was finalized
 * (`return()` called, or exhausted): how the tests see that upstream was cancelled.
 */
function tracked(elements: readonly number[], failure?: Error): { source: Source<number>; stopped: () => boolean } {
  let stopped = false
  let i = 0
  const iterator: Iterator<number> = {
    next() {
      if (i < elements.length) return { done: false, value: elements[i++]! }
      stopped = true
      if (failure !== undefined) throw failure
      return { done: true, value: undefined }
    },
    return() {
      stopped = true
      return { done: true, value: undefined }
    },
  }
  return { source: Source.fromIterable({ [Symbol.iterator]: () => iterator }), stopped: () => stopped }
}

/** A Publisher of `elements` (then `failure`) and a way to see that its upstream stopped. */
function publisherOf(build: Factory, elements: readonly number[], failure?: Error): { publisher: Publisher<number>; upstreamStopped: () => boolean } {
  const t = tracked(elements, failure)
  return { publisher: build(t.source), upstreamStopped: t.stopped }
}

/** Subscribes a recorder and waits for `onSubscribe` (which may come asynchronously, §1.9 allows it). */
async function subscribe(publisher: Publisher<number>, initialRequest = 0): Promise<RecordingSubscriber<number>> {
  const sub = new RecordingSubscriber<number>()
  if (initialRequest > 0) sub.onSubscribeHook = () => sub.request(initialRequest)
  publisher.subscribe(sub)
  await settle()
  return sub
}

for (const [name, factory] of Object.entries(factories)) {
  const build = (elements: readonly number[], failure?: Error) => publisherOf(factory, elements, failure)
  describe(`${name}: Reactive Streams Publisher rules`, () => {
    it('§1.9: subscribe(null) throws a TypeError', () => {
      const { publisher } = build([1])
      expect(() => publisher.subscribe(null as never)).toThrow(TypeError)
      expect(() => publisher.subscribe(null as never)).toThrow(/Reactive Streams §1\.9/)
    })

    it('§1.9, §1.1: calls onSubscribe first and sends nothing before a request', async () => {
      const { publisher } = build([1, 2, 3])
      const sub = await subscribe(publisher)
      await settle()
      expect(sub.signals).toEqual([{ kind: 'onSubscribe' }])
    })

    it('§1.1: never sends more onNext than requested, one request at a time', async () => {
      const { publisher } = build([1, 2, 3, 4, 5, 6])
      const sub = await subscribe(publisher)
      await settle()
      sub.request(1)
      await settle()
      expect(sub.elements).toEqual([1])
      sub.request(2)
      await settle()
      expect(sub.elements).toEqual([1, 2, 3])
      sub.request(10)
      await settle()
      expect(sub.elements).toEqual([1, 2, 3, 4, 5, 6])
      expect(sub.terminal).toBe('onComplete')
      expect(sub.violations).toEqual([])
    })

    it('§3.8: demand accumulates over several requests', async () => {
      const { publisher } = build([1, 2, 3, 4, 5, 6, 7])
      const sub = await subscribe(publisher)
      sub.request(2)
      sub.request(3)
      await settle()
      expect(sub.elements).toEqual([1, 2, 3, 4, 5])
      expect(sub.terminal).toBeUndefined()
      expect(sub.violations).toEqual([])
    })

    for (const bad of [0, -1, -Infinity, NaN, 1.5, '3' as unknown as number]) {
      it(`§3.9: request(${typeof bad === 'string' ? JSON.stringify(bad) : String(bad)}) signals onError with a RangeError citing §3.9 and stops upstream`, async () => {
        const { publisher, upstreamStopped } = build([1, 2, 3])
        const sub = await subscribe(publisher)
        sub.request(1)
        await settle()
        sub.subscription!.request(bad)
        await settle()
        expect(sub.elements).toEqual([1])
        expect(sub.terminal).toBe('onError')
        const err = sub.error as SpecViolationError
        expect(err).toBeInstanceOf(RangeError)
        expect(err).toBeInstanceOf(SpecViolationError)
        expect(err.rule).toBe('3.9')
        expect(err.message).toBe(rules.nonPositiveRequest(bad).message)
        expect(upstreamStopped()).toBe(true)
        // nothing follows the onError, whatever the Subscriber does next (§1.7, §3.6)
        sub.subscription!.request(5)
        await settle()
        expect(sub.terminalCount).toBe(1)
        expect(sub.elements).toEqual([1])
        expect(sub.violations).toEqual([])
      })
    }

    it('§3.17: demand saturates at Number.MAX_SAFE_INTEGER (several huge requests do not overflow)', async () => {
      const { publisher } = build([1, 2, 3, 4])
      const sub = await subscribe(publisher)
      sub.request(UNBOUNDED)
      sub.request(UNBOUNDED)
      sub.request(1)
      await settle()
      expect(sub.elements).toEqual([1, 2, 3, 4])
      expect(sub.terminal).toBe('onComplete')
      expect(sub.violations).toEqual([])
    })

    it('§3.17: request(Infinity) means unbounded demand', async () => {
      const elements = Array.from({ length: 200 }, (_, i) => i)
      const { publisher } = build(elements)
      const sub = await subscribe(publisher)
      sub.request(Infinity)
      await settle()
      expect(sub.elements).toEqual(elements)
      expect(sub.terminal).toBe('onComplete')
    })

    it('§1.3, §3.3: signals are serial; a request made inside onNext is handled after it returns', async () => {
      const elements = Array.from({ length: 500 }, (_, i) => i)
      const { publisher } = build(elements)
      const sub = new RecordingSubscriber<number>()
      let depth = 0
      let maxDepth = 0
      sub.onSubscribeHook = () => sub.request(1)
      sub.onNextHook = () => {
        depth++
        maxDepth = Math.max(maxDepth, depth)
        sub.request(1)
        depth--
      }
      publisher.subscribe(sub)
      await settle(5)
      expect(sub.elements).toEqual(elements)
      expect(sub.terminal).toBe('onComplete')
      expect(maxDepth).toBe(1)
      expect(sub.violations).toEqual([])
    })

    it('§3.5, §3.7: cancel() is idempotent and stops all signals, including completion', async () => {
      const { publisher, upstreamStopped } = build([1, 2, 3, 4, 5])
      const sub = await subscribe(publisher)
      sub.request(2)
      await settle()
      expect(sub.elements).toEqual([1, 2])
      sub.cancel()
      sub.cancel()
      sub.request(3) // §3.6: a request after cancel is a no-op
      sub.cancel()
      await settle()
      expect(sub.elements).toEqual([1, 2])
      expect(sub.terminal).toBeUndefined()
      expect(upstreamStopped()).toBe(true)
      expect(sub.violations).toEqual([])
    })

    it('§3.5: cancel() inside onNext stops the signals at once', async () => {
      const { publisher, upstreamStopped } = build([1, 2, 3, 4, 5])
      const sub = new RecordingSubscriber<number>()
      sub.onSubscribeHook = () => sub.request(5)
      sub.onNextHook = (x) => {
        if (x === 2) sub.cancel()
      }
      publisher.subscribe(sub)
      await settle()
      expect(sub.elements).toEqual([1, 2])
      expect(sub.terminal).toBeUndefined()
      expect(upstreamStopped()).toBe(true)
    })

    it('§3.5: cancel() before any request stops upstream and signals nothing', async () => {
      const { publisher, upstreamStopped } = build([1, 2, 3])
      const sub = await subscribe(publisher)
      sub.cancel()
      await settle()
      expect(sub.signals).toEqual([{ kind: 'onSubscribe' }])
      expect(upstreamStopped()).toBe(true)
    })

    it('§1.10: a second Subscriber is refused with onSubscribe then onError; the first is unaffected', async () => {
      const { publisher } = build([1, 2, 3])
      const first = await subscribe(publisher)
      const second = await subscribe(publisher, 5)
      await settle()
      expect(second.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onError'])
      const err = second.error as SpecViolationError
      expect(err).toBeInstanceOf(SpecViolationError)
      expect(err.rule).toBe('1.10')
      expect(err.message).toBe(rules.singleSubscriber('asPublisher').message)
      first.request(5)
      await settle()
      expect(first.elements).toEqual([1, 2, 3])
      expect(first.terminal).toBe('onComplete')
    })

    it('§2.12: the same Subscriber subscribing twice gets onError citing §1.10 the second time', async () => {
      const { publisher } = build([1, 2])
      const calls: string[] = []
      const same = {
        onSubscribe: () => calls.push('onSubscribe'),
        onNext: () => calls.push('onNext'),
        onError: (e: unknown) => calls.push(`onError ${(e as SpecViolationError).rule}`),
        onComplete: () => calls.push('onComplete'),
      }
      publisher.subscribe(same)
      publisher.subscribe(same)
      await settle()
      expect(calls.filter((c) => c === 'onSubscribe')).toHaveLength(2)
      expect(calls.filter((c) => c !== 'onSubscribe')).toEqual(['onError 1.10'])
    })

    it('§1.2, §1.4: an empty stream completes without any request', async () => {
      const publisher = factory(Source.empty())
      const sub = await subscribe(publisher)
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onComplete'])
    })

    it('§1.4: a failing stream signals onError with the original error, after the elements before it', async () => {
      const boom = new Error('boom')
      const { publisher } = build([1, 2], boom)
      const sub = await subscribe(publisher, 10)
      await settle()
      expect(sub.elements).toEqual([1, 2])
      expect(sub.error).toBe(boom)
      expect(sub.terminalCount).toBe(1)
      expect(sub.violations).toEqual([])
    })

    it('§1.4: a failure is signalled without waiting for demand', async () => {
      const boom = new Error('boom')
      const publisher = factory(Source.failed(boom))
      const sub = await subscribe(publisher)
      await settle()
      expect(sub.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onError'])
      expect(sub.error).toBe(boom)
    })

    it('§1.9: a Subscriber that arrives after upstream completed gets onSubscribe then onComplete', async () => {
      const publisher = factory(Source.empty())
      await settle()
      const late = await subscribe(publisher)
      expect(late.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onComplete'])
    })

    it('§1.9: a Subscriber that arrives after upstream failed gets onSubscribe then onError', async () => {
      const boom = new Error('boom')
      const publisher = factory(Source.failed(boom))
      await settle()
      const late = await subscribe(publisher)
      expect(late.signals.map((s) => s.kind)).toEqual(['onSubscribe', 'onError'])
      expect(late.error).toBe(boom)
    })

    it('keeps §1.1, §1.3, §1.7 under random request/cancel schedules', async () => {
      type Step = { request: number } | { cancel: true } | { settle: true }
      const step: fc.Arbitrary<Step> = fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 5 }).map((n) => ({ request: n })), weight: 6 },
        { arbitrary: fc.constantFrom(UNBOUNDED, Infinity, 1000).map((n) => ({ request: n })), weight: 1 },
        { arbitrary: fc.constant({ cancel: true as const }), weight: 1 },
        { arbitrary: fc.constant({ settle: true as const }), weight: 3 },
      )
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer(), { maxLength: 20 }), fc.array(step, { maxLength: 12 }), async (elements, steps) => {
          const { publisher, upstreamStopped } = build(elements)
          const sub = await subscribe(publisher)
          let cancelled = false
          let countAtCancel = 0
          for (const s of steps) {
            if ('request' in s) sub.request(s.request)
            else if ('cancel' in s) {
              sub.cancel()
              if (!cancelled) {
                await settle(1)
                countAtCancel = sub.signals.length
              }
              cancelled = true
            } else await settle(1)
          }
          await settle()
          expect(sub.violations).toEqual([])
          expect(sub.terminalCount).toBeLessThanOrEqual(1)
          expect(elements.slice(0, sub.elements.length)).toEqual(sub.elements)
          if (cancelled) {
            expect(sub.signals.length).toBe(countAtCancel)
            expect(upstreamStopped()).toBe(true)
          } else if (sub.requested > elements.length) expect(sub.terminal).toBe('onComplete')
          else {
            // with demand for exactly the elements there are, completion may need one more request
            expect(sub.elements.length).toBe(sub.requested)
            if (sub.requested < elements.length) expect(sub.terminal).toBeUndefined()
          }
        }),
        { numRuns: 60 },
      )
    })
  })
}
