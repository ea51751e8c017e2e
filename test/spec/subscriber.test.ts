/**
 * Reactive Streams rules for every Subscriber sluice exposes: `Source.asSubscriber()`, the one
 * `Source.fromPublisher()` hands to its Publisher, and the Subscriber side of
 * `Flow.toProcessor()`. One contract suite, run against each factory, driven by a hand-made
 * Publisher that records what the Subscriber requests.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source, SpecViolationError } from '../../src/index.js'
import { rules } from '../../src/spec/rules.js'
import type { Subscription } from '../../src/spec/types.js'
import { ManualPublisher, settle } from '../support/spec.js'

interface Options {
  readonly bufferSize?: number
  /** Downstream takes this many elements, then cancels. */
  readonly take?: number
}
/**
 * Subscribes the Subscriber under test to `pub` and returns what the stream behind it collects.
 * `where` is the name the Subscriber uses in its messages.
 */
interface SubscriberFactory {
  readonly where: string
  readonly run: (pub: ManualPublisher<number>, options?: Options) => Promise<number[]>
}

const limited = <M>(source: Source<number, M>, options: Options): Source<number, M> =>
  options.take === undefined ? source : source.take(options.take)

const factories: Record<string, SubscriberFactory> = {
  'Source.asSubscriber': {
    where: 'asSubscriber',
    run: (pub, options = {}) => {
      const opts = options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }
      const [subscriber, done] = limited(Source.asSubscriber<number>(opts), options).toMat(Sink.collect(), Keep.both).run()
      pub.subscribe(subscriber)
      return done
    },
  },
  'Source.fromPublisher': {
    where: 'fromPublisher',
    run: (pub, options = {}) => {
      const opts = options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }
      return limited(Source.fromPublisher(pub, opts), options).runCollect()
    },
  },
  'Flow.toProcessor (Subscriber side)': {
    where: 'asSubscriber',
    run: (pub, options = {}) => {
      // the processor's own buffer is the default; bufferSize applies to the reader behind it
      const processor = Flow.create<number>().toProcessor().run()
      pub.subscribe(processor)
      const opts = options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }
      return limited(Source.fromPublisher(processor, opts), options).runCollect()
    },
  },
}

const DEFAULT_BUFFER = 16

for (const [name, { where, run }] of Object.entries(factories)) {
  describe(`${name}: Reactive Streams Subscriber rules`, () => {
    it('§2.1: requests demand after onSubscribe, a whole buffer at once', async () => {
      const pub = new ManualPublisher<number>()
      void run(pub)
      await settle()
      expect(pub.requests[0]).toBe(DEFAULT_BUFFER)
      expect(pub.requests).toHaveLength(1)
    })

    it('§3.9 (Subscriber side): only ever requests positive integers, in batches, never one at a time', async () => {
      const pub = new ManualPublisher<number>()
      const done = run(pub)
      await settle()
      for (let i = 0; i < 200; i++) {
        // answer exactly the outstanding demand, one macrotask at a time
        while (pub.demand > 0) pub.next(i * 1000 + pub.demand)
        await settle(1)
      }
      pub.complete()
      await done
      expect(pub.requests.every((n) => Number.isInteger(n) && n > 0)).toBe(true)
      expect(pub.requests.slice(1).every((n) => n >= DEFAULT_BUFFER / 2)).toBe(true)
      expect(pub.totalRequested).toBeGreaterThan(DEFAULT_BUFFER)
    })

    it('§2.13: onSubscribe(null) throws a TypeError', async () => {
      const pub = new ManualPublisher<number>()
      void run(pub)
      await settle()
      expect(() => pub.subscriber!.onSubscribe(null as never)).toThrow(TypeError)
      expect(() => pub.subscriber!.onSubscribe(null as never)).toThrow(rules.nullSubscription(where).message)
    })

    for (const bad of [null, undefined]) {
      it(`§2.13: onNext(${String(bad)}) throws a TypeError and the stream goes on`, async () => {
        const pub = new ManualPublisher<number>()
        const done = run(pub)
        await settle()
        expect(() => pub.subscriber!.onNext(bad as never)).toThrow(TypeError)
        expect(() => pub.subscriber!.onNext(bad as never)).toThrow(rules.nullElement(where).message)
        pub.next(1, 2)
        pub.complete()
        expect(await done).toEqual([1, 2])
      })
    }

    it('§2.13: onError(null) throws a TypeError', async () => {
      const pub = new ManualPublisher<number>()
      void run(pub)
      await settle()
      expect(() => pub.subscriber!.onError(null)).toThrow(TypeError)
      expect(() => pub.subscriber!.onError(null)).toThrow(rules.nullError(where).message)
    })

    it('§2.5: a second onSubscribe while a Subscription is active cancels the new Subscription', async () => {
      const pub = new ManualPublisher<number>()
      const done = run(pub)
      await settle()
      let cancelled = 0
      const requested: number[] = []
      const other: Subscription = { request: (n) => requested.push(n), cancel: () => cancelled++ }
      pub.subscriber!.onSubscribe(other)
      await settle()
      expect(cancelled).toBe(1)
      expect(requested).toEqual([])
      pub.next(1, 2, 3)
      pub.complete()
      expect(await done).toEqual([1, 2, 3])
      expect(pub.cancels).toBe(0)
    })

    it('delivers the elements in order and completes on onComplete', async () => {
      const pub = new ManualPublisher<number>()
      const done = run(pub)
      await settle()
      pub.next(3, 1, 2)
      pub.complete()
      expect(await done).toEqual([3, 1, 2])
    })

    it('§2.9, §2.10: accepts onComplete and onError without any onNext', async () => {
      const a = new ManualPublisher<number>()
      const doneA = run(a)
      await settle()
      a.complete()
      expect(await doneA).toEqual([])

      const b = new ManualPublisher<number>()
      const doneB = run(b)
      await settle()
      const boom = new Error('boom')
      b.error(boom)
      await expect(doneB).rejects.toBe(boom)
    })

    it('fails the stream with the original error on onError', async () => {
      const pub = new ManualPublisher<number>()
      const done = run(pub, { take: 100 })
      await settle()
      const boom = new Error('boom')
      pub.next(1)
      await settle()
      pub.error(boom)
      await expect(done).rejects.toBe(boom)
      expect(pub.cancels).toBe(0) // §2.4: no cancel after a terminal signal
    })

    it('§1.1 (enforced): an onNext beyond demand fails the stream with rule 1.1 and cancels the Subscription', async () => {
      const pub = new ManualPublisher<number>()
      const done = run(pub, { bufferSize: 4 })
      await settle()
      const firstRequest = pub.requests[0]!
      // the processor's own buffer (16) stands between the Publisher and the reader
      const overflow = Array.from({ length: firstRequest + 1 }, (_, i) => i)
      pub.next(...overflow)
      const err = (await done.catch((e: unknown) => e)) as SpecViolationError
      expect(err).toBeInstanceOf(SpecViolationError)
      expect(err.rule).toBe('1.1')
      expect(err.message).toBe(rules.demandExceeded(where).message)
      expect(pub.cancels).toBe(1)
    })

    it('§2.6, §3.5: cancels the Subscription exactly once when downstream cancels', async () => {
      const pub = new ManualPublisher<number>()
      const done = run(pub, { take: 2 })
      await settle()
      pub.next(1, 2, 3)
      expect(await done).toEqual([1, 2])
      await settle()
      expect(pub.cancels).toBe(1)
      // signals after cancel are ignored (§2.8 allows them to arrive)
      pub.next(4)
      pub.complete()
      await settle()
      expect(pub.cancels).toBe(1)
    })

    it('keeps the outstanding demand within the buffer and loses no element (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer(), { maxLength: 60 }),
          fc.integer({ min: 1, max: 8 }),
          fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 10 }),
          async (elements, bufferSize, chunkSizes) => {
            const pub = new ManualPublisher<number>()
            const done = run(pub, { bufferSize })
            await settle()
            let i = 0
            let c = 0
            let stalls = 0
            while (i < elements.length) {
              if (pub.demand === 0 && ++stalls > 5) throw new Error(`no demand after ${i} element(s)`)
              // send a chunk no larger than the outstanding demand, then let the stream move
              const n = Math.min(chunkSizes[c++ % chunkSizes.length]!, pub.demand, elements.length - i)
              pub.next(...elements.slice(i, i + n))
              i += n
              expect(pub.demand).toBeGreaterThanOrEqual(0)
              await settle(1)
            }
            pub.complete()
            expect(await done).toEqual(elements)
            expect(pub.requests.every((n) => Number.isInteger(n) && n > 0)).toBe(true)
          },
        ),
        { numRuns: 40 },
      )
    })
  })
}
