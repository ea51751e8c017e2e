import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BufferOverflowError, Source } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import { MemoryProbe } from '../support/memory.js'
import { model, play, pushSteps, strategies } from '../support/pushScript.js'
import { settle } from '../support/settle.js'

/** An EventTarget that counts its listeners, so tests can see them go. */
class CountingTarget extends EventTarget {
  listeners = 0
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    this.listeners++
    super.addEventListener(type, listener, options)
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    this.listeners--
    super.removeEventListener(type, listener, options)
  }
}

class ValueEvent extends Event {
  constructor(readonly value: number) {
    super('value')
  }
}

describe('fromEventTarget', () => {
  it('delivers exactly what the bounded buffer and its overflow strategy let through, in order', async () => {
    await fc.assert(
      fc.asyncProperty(pushSteps, fc.integer({ min: 1, max: 4 }), strategies, async (steps, capacity, strategy) => {
        const target = new CountingTarget()
        const source = Source.fromEventTarget<ValueEvent>(target, 'value', { bufferSize: capacity, overflowStrategy: strategy, completeOn: 'end' }).map(
          (e) => e.value,
        )
        const run = await play(source, (x) => target.dispatchEvent(new ValueEvent(x)), () => target.dispatchEvent(new Event('end')), steps)
        expect(run.violations).toEqual([])
        const expected = model(steps, capacity, strategy)
        expect(run.elements).toEqual(expected.elements)
        expect(run.outcome).toBe(expected.outcome)
        expect(target.listeners).toBe(0)
      }),
      { numRuns: 100 },
    )
  })

  it('requires a bound and an overflow strategy', () => {
    const t = new EventTarget()
    expect(() => Source.fromEventTarget(t, 'x', {} as never)).toThrow('fromEventTarget(options.bufferSize): expected a positive integer, got undefined')
    expect(() => Source.fromEventTarget(t, 'x', { bufferSize: 1 } as never)).toThrow(
      "fromEventTarget(options.overflowStrategy): expected one of 'dropHead', 'dropTail', 'dropNew', 'fail', got undefined",
    )
    expect(() => Source.fromEventTarget({} as never, 'x', { bufferSize: 1, overflowStrategy: 'fail' })).toThrow('fromEventTarget(target): expected an EventTarget')
  })

  it('removes its listeners when downstream cancels', async () => {
    const target = new CountingTarget()
    const probe = Source.fromEventTarget(target, 'value', { bufferSize: 4, overflowStrategy: 'dropNew', completeOn: 'end', failOn: 'error' }).runWith(
      TestSink.probe<Event>(),
    )
    await settle()
    expect(target.listeners).toBe(3)
    probe.cancel()
    await settle()
    expect(target.listeners).toBe(0)
  })

  it("fails on failOn with an ErrorEvent's error, or with an Error whose cause is the event", async () => {
    const target = new CountingTarget()
    const boom = new Error('socket')
    const failing = Source.fromEventTarget(target, 'value', { bufferSize: 4, overflowStrategy: 'fail', failOn: 'error' }).runCollect()
    await settle()
    const event = Object.assign(new Event('error'), { error: boom })
    target.dispatchEvent(event)
    await expect(failing).rejects.toBe(boom)
    expect(target.listeners).toBe(0)

    const plain = Source.fromEventTarget(target, 'value', { bufferSize: 4, overflowStrategy: 'fail', failOn: 'abort' }).runCollect()
    await settle()
    const abort = new Event('abort')
    target.dispatchEvent(abort)
    const error = (await plain.catch((e: unknown) => e)) as Error
    expect(error.message).toBe("fromEventTarget: received a 'abort' event while listening to 'value'")
    expect(error.cause).toBe(abort)
  })

  it('fails at once on overflow under fail', async () => {
    const target = new CountingTarget()
    const probe = Source.fromEventTarget(target, 'value', { bufferSize: 1, overflowStrategy: 'fail' }).runWith(TestSink.probe<Event>())
    await settle()
    target.dispatchEvent(new ValueEvent(1))
    target.dispatchEvent(new ValueEvent(2))
    expect(target.listeners).toBe(0)
    await probe.expectSubscriptionAndError(BufferOverflowError)
  })

  it('completes on an AbortSignal abort', async () => {
    const controller = new AbortController()
    const target = new CountingTarget()
    const done = Source.fromEventTarget(target, 'value', { bufferSize: 8, overflowStrategy: 'fail' })
      .takeWhile(() => !controller.signal.aborted)
      .runCollect()
    await settle()
    target.dispatchEvent(new ValueEvent(1))
    const ended = Source.fromEventTarget(controller.signal, 'abort', { bufferSize: 1, overflowStrategy: 'dropNew' }).take(1).runCollect()
    await settle()
    controller.abort()
    expect((await ended).length).toBe(1)
    target.dispatchEvent(new ValueEvent(2))
    expect((await done).map((e) => (e as ValueEvent).value)).toEqual([1])
  })

  it('keeps memory bounded when events outpace the consumer (200 MB through a buffer of 8)', async () => {
    const target = new CountingTarget()
    const probe = Source.fromEventTarget<MessageEvent>(target, 'message', { bufferSize: 8, overflowStrategy: 'dropTail' }).runWith(TestSink.probe<MessageEvent>())
    await settle()
    const memory = new MemoryProbe()
    for (let i = 0; i < 3200; i++) {
      target.dispatchEvent(new MessageEvent('message', { data: Buffer.allocUnsafe(64 * 1024) }))
      if (i % 100 === 99) {
        probe.request(1)
        await settle()
      }
      if (i % 800 === 799) memory.sample()
    }
    expect(probe.received.filter((s) => s.kind === 'next').length).toBe(32)
    expect(memory.growthMb).toBeLessThan(50)
    probe.cancel()
    await settle()
    expect(target.listeners).toBe(0)
  })
})
