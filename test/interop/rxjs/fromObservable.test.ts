import fc from 'fast-check'
import { finalize, Observable, of, Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { BufferOverflowError } from '../../../src/index.js'
import { fromObservable } from '../../../src/interop/rxjs/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import { MemoryProbe } from '../support/memory.js'
import { model, play, pushSteps, strategies } from '../support/pushScript.js'
import { settle } from '../support/settle.js'
import { slowSink } from '../support/slowSink.js'

describe('fromObservable', () => {
  it('delivers exactly what the bounded buffer and its overflow strategy let through, in order, never more than requested', async () => {
    await fc.assert(
      fc.asyncProperty(pushSteps, fc.integer({ min: 1, max: 4 }), strategies, async (steps, capacity, strategy) => {
        const subject = new Subject<number>()
        const source = fromObservable(subject, { bufferSize: capacity, overflowStrategy: strategy })
        const run = await play(source, (x) => subject.next(x), () => subject.complete(), steps)
        expect(run.violations).toEqual([])
        const expected = model(steps, capacity, strategy)
        expect(run.elements).toEqual(expected.elements)
        expect(run.outcome).toBe(expected.outcome)
        expect(subject.observed).toBe(false)
      }),
      { numRuns: 100 },
    )
  })

  it('requires a bound and an overflow strategy (no unbounded default)', () => {
    const s = new Subject<number>()
    expect(() => fromObservable(s, undefined as never)).toThrow(/^fromObservable\(options\): expected \{ bufferSize, overflowStrategy \}/)
    expect(() => fromObservable(s, { overflowStrategy: 'dropHead' } as never)).toThrow(
      'fromObservable(options.bufferSize): expected a positive integer, got undefined',
    )
    expect(() => fromObservable(s, { bufferSize: 8 } as never)).toThrow(
      "fromObservable(options.overflowStrategy): expected one of 'dropHead', 'dropTail', 'dropNew', 'fail', got undefined",
    )
    expect(() => fromObservable({} as never, { bufferSize: 8, overflowStrategy: 'fail' })).toThrow('fromObservable(observable): expected an Observable')
  })

  it('unsubscribes when downstream cancels', async () => {
    const subject = new Subject<number>()
    const probe = fromObservable(subject, { bufferSize: 4, overflowStrategy: 'fail' }).runWith(TestSink.probe<number>())
    await settle()
    expect(subject.observed).toBe(true)
    subject.next(1)
    probe.request(1)
    await probe.expectNext(1)
    probe.cancel()
    await settle()
    expect(subject.observed).toBe(false)
  })

  it('fails with the Observable error after the buffered values', async () => {
    const subject = new Subject<number>()
    const probe = fromObservable(subject, { bufferSize: 4, overflowStrategy: 'fail' }).runWith(TestSink.probe<number>())
    await settle()
    const boom = new Error('rx')
    subject.next(1)
    subject.error(boom)
    probe.request(3)
    await probe.expectNext(1)
    expect(await probe.expectError()).toBe(boom)
  })

  it('handles a synchronous Observable: what does not fit overflows while it is being subscribed', async () => {
    expect(await fromObservable(of(1, 2, 3, 4, 5), { bufferSize: 2, overflowStrategy: 'dropNew' }).runCollect()).toEqual([1, 2])
    expect(await fromObservable(of(1, 2, 3, 4, 5), { bufferSize: 2, overflowStrategy: 'dropHead' }).runCollect()).toEqual([4, 5])
    expect(await fromObservable(of(1, 2, 3, 4, 5), { bufferSize: 5, overflowStrategy: 'fail' }).runCollect()).toEqual([1, 2, 3, 4, 5])
    let finalized = false
    const source = of(1, 2, 3).pipe(finalize(() => (finalized = true)))
    await expect(fromObservable(source, { bufferSize: 2, overflowStrategy: 'fail' }).runCollect()).rejects.toBeInstanceOf(BufferOverflowError)
    expect(finalized).toBe(true)
  })

  it('unsubscribes at once when the buffer overflows under fail', async () => {
    const subject = new Subject<number>()
    const done = fromObservable(subject, { bufferSize: 1, overflowStrategy: 'fail' }).runWith(TestSink.probe<number>())
    await settle()
    subject.next(1)
    subject.next(2)
    expect(subject.observed).toBe(false)
    await done.expectSubscriptionAndError(BufferOverflowError)
  })

  it('keeps memory bounded when a fast Observable meets a slow sink (400 MB through a buffer of 32)', async () => {
    const chunk = 64 * 1024
    let emitted = 0
    const fast = new Observable<Buffer>((subscriber) => {
      let stopped = false
      const burst = (): void => {
        for (let i = 0; i < 100 && !stopped; i++) {
          subscriber.next(Buffer.allocUnsafe(chunk))
          emitted++
        }
        if (emitted >= 6400) subscriber.complete()
        else if (!stopped) setImmediate(burst)
      }
      setImmediate(burst)
      return () => void (stopped = true)
    })
    const memory = new MemoryProbe()
    const count = await fromObservable(fast, { bufferSize: 32, overflowStrategy: 'dropNew' }).runWith(
      slowSink<Buffer>((_x, i) => {
        if (i % 20 === 0) memory.sample()
      }),
    )
    expect(emitted).toBe(6400)
    expect(count).toBeLessThan(6400) // the sink is slower than the Observable: values were dropped
    expect(memory.growthMb).toBeLessThan(50)
  })
})
