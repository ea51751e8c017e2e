import { EventEmitter } from 'node:events'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BufferOverflowError, Source } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import { MemoryProbe } from '../support/memory.js'
import { model, play, pushSteps, strategies } from '../support/pushScript.js'
import { settle } from '../support/settle.js'

const listeners = (e: EventEmitter): number => e.eventNames().reduce((n, name) => n + e.listenerCount(name), 0)

describe('fromEventEmitter', () => {
  it('delivers exactly what the bounded buffer and its overflow strategy let through, in order, never more than requested', async () => {
    await fc.assert(
      fc.asyncProperty(pushSteps, fc.integer({ min: 1, max: 4 }), strategies, async (steps, capacity, strategy) => {
        const emitter = new EventEmitter()
        const source = Source.fromEventEmitter<number>(emitter, 'x', { bufferSize: capacity, overflowStrategy: strategy, completeOn: 'end' })
        const run = await play(source, (x) => emitter.emit('x', x), () => emitter.emit('end'), steps)
        expect(run.violations).toEqual([])
        const expected = model(steps, capacity, strategy)
        expect(run.elements).toEqual(expected.elements)
        expect(run.outcome).toBe(expected.outcome)
        expect(listeners(emitter)).toBe(0)
      }),
      { numRuns: 100 },
    )
  })

  it('requires a bound and an overflow strategy, naming both', () => {
    const e = new EventEmitter()
    expect(() => Source.fromEventEmitter(e, 'x', undefined as never)).toThrow(
      /^fromEventEmitter\(options\): expected \{ bufferSize, overflowStrategy \}: the producer cannot be slowed down/,
    )
    expect(() => Source.fromEventEmitter(e, 'x', { overflowStrategy: 'fail' } as never)).toThrow(
      'fromEventEmitter(options.bufferSize): expected a positive integer, got undefined',
    )
    expect(() => Source.fromEventEmitter(e, 'x', { bufferSize: 0, overflowStrategy: 'fail' })).toThrow(
      'fromEventEmitter(options.bufferSize): expected a positive integer, got 0',
    )
    expect(() => Source.fromEventEmitter(e, 'x', { bufferSize: 4 } as never)).toThrow(
      "fromEventEmitter(options.overflowStrategy): expected one of 'dropHead', 'dropTail', 'dropNew', 'fail', got undefined",
    )
    expect(() => Source.fromEventEmitter(e, 'x', { bufferSize: 4, overflowStrategy: 'backpressure' as never })).toThrow(
      'got "backpressure"',
    )
    expect(() => Source.fromEventEmitter({} as never, 'x', { bufferSize: 4, overflowStrategy: 'fail' })).toThrow(
      'fromEventEmitter(emitter): expected an EventEmitter',
    )
  })

  it('removes its listeners when downstream cancels', async () => {
    const emitter = new EventEmitter()
    const probe = Source.fromEventEmitter<number>(emitter, 'x', { bufferSize: 8, overflowStrategy: 'fail', completeOn: 'end' }).runWith(
      TestSink.probe<number>(),
    )
    await settle()
    expect(emitter.listenerCount('x')).toBe(1)
    expect(emitter.listenerCount('end')).toBe(1)
    expect(emitter.listenerCount('error')).toBe(1)
    probe.request(1)
    emitter.emit('x', 1)
    await probe.expectNext(1)
    probe.cancel()
    await settle()
    expect(listeners(emitter)).toBe(0)
  })

  it("fails with the 'error' event's error after the buffered elements, and removes its listeners at once", async () => {
    const emitter = new EventEmitter()
    const probe = Source.fromEventEmitter<number>(emitter, 'x', { bufferSize: 8, overflowStrategy: 'fail' }).runWith(TestSink.probe<number>())
    await settle()
    const boom = new Error('boom')
    emitter.emit('x', 1)
    emitter.emit('x', 2)
    emitter.emit('error', boom) // would crash the process if nobody listened
    expect(listeners(emitter)).toBe(0)
    probe.request(5)
    await probe.expectNext(1, 2)
    expect(await probe.expectError()).toBe(boom)
  })

  it('fails at once on overflow under fail, dropping what was buffered, and stops listening', async () => {
    const emitter = new EventEmitter()
    const probe = Source.fromEventEmitter<number>(emitter, 'x', { bufferSize: 2, overflowStrategy: 'fail' }).runWith(TestSink.probe<number>())
    await settle()
    for (const x of [1, 2, 3]) emitter.emit('x', x)
    expect(listeners(emitter)).toBe(0)
    probe.request(5)
    const error = await probe.expectSubscriptionAndError(BufferOverflowError)
    expect((error as Error).message).toBe('fromEventEmitter: buffer of 2 element(s) overflowed')
  })

  it('uses failOn, completeOn and select; failOn: null listens to no error event', async () => {
    const emitter = new EventEmitter()
    const done = Source.fromEventEmitter<string>(emitter, 'pair', {
      bufferSize: 4,
      overflowStrategy: 'fail',
      completeOn: Symbol.for('done'),
      failOn: null,
      select: (a: string, b: string) => a + b,
    }).runCollect()
    await settle()
    expect(emitter.listenerCount('error')).toBe(0)
    emitter.emit('pair', 'a', 'b')
    emitter.emit('pair', 'c', 'd')
    emitter.emit(Symbol.for('done'))
    expect(await done).toEqual(['ab', 'cd'])
    expect(listeners(emitter)).toBe(0)
  })

  it('emits an array when the event carries several values, and fails on an event with none', async () => {
    const emitter = new EventEmitter()
    const done = Source.fromEventEmitter(emitter, 'x', { bufferSize: 4, overflowStrategy: 'fail' }).runCollect()
    await settle()
    emitter.emit('x', 1, 2)
    emitter.emit('x')
    await expect(done).rejects.toThrow("fromEventEmitter: the 'x' event carried no value; stream elements must not be null or undefined (pass options.select to make one)")
    expect(listeners(emitter)).toBe(0)
  })

  it('fails with the error a throwing select raised, without throwing at the emitter', async () => {
    const emitter = new EventEmitter()
    const boom = new Error('select')
    const done = Source.fromEventEmitter(emitter, 'x', { bufferSize: 4, overflowStrategy: 'fail', select: () => { throw boom } }).runCollect()
    await settle()
    expect(() => emitter.emit('x', 1)).not.toThrow()
    await expect(done).rejects.toBe(boom)
  })

  it('works with an emitter that only has on/removeListener', async () => {
    const handlers = new Map<string, (x: number) => void>()
    const emitter = {
      on: (e: string | symbol, l: (x: number) => void) => handlers.set(String(e), l),
      removeListener: (e: string | symbol) => handlers.delete(String(e)),
    }
    const done = Source.fromEventEmitter<number>(emitter, 'x', { bufferSize: 4, overflowStrategy: 'fail', completeOn: 'end', failOn: null }).runCollect()
    await settle()
    expect([...handlers.keys()].sort()).toEqual(['end', 'x'])
    handlers.get('x')!(7)
    handlers.get('end')!(0)
    expect(await done).toEqual([7])
    expect(handlers.size).toBe(0)
  })

  it('keeps memory bounded when a fast emitter meets a slow consumer (400 MB through a buffer of 16)', async () => {
    const emitter = new EventEmitter()
    const chunk = 64 * 1024
    const total = 6400 // 6400 x 64 KB = 400 MB
    const probe = Source.fromEventEmitter<Buffer>(emitter, 'data', { bufferSize: 16, overflowStrategy: 'dropHead', completeOn: 'end' }).runWith(
      TestSink.probe<Buffer>(),
    )
    await settle()
    const memory = new MemoryProbe()
    for (let i = 0; i < total; i++) {
      emitter.emit('data', Buffer.allocUnsafe(chunk))
      if (i % 100 === 99) {
        probe.request(1) // the consumer takes one element per 100 emitted
        await settle()
      }
      if (i % 800 === 799) memory.sample()
    }
    emitter.emit('end')
    probe.request(1e9)
    await settle()
    const received = probe.received.filter((s) => s.kind === 'next').length
    expect(probe.received[probe.received.length - 1]).toEqual({ kind: 'complete' })
    expect(received).toBe(64 + 15) // one per request, then the 15 the buffer held after the last one
    expect(memory.growthMb).toBeLessThan(50)
    expect(listeners(emitter)).toBe(0)
  })
})
