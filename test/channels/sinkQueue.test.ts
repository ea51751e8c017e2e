import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../src/index.js'
import { VirtualScheduler } from '../../src/testkit/index.js'
import { expectBuildError } from '../support/operators.js'
import { expectInputsRespected, input, inputSpecs, RUNS, settle, smallInts } from '../support/graphs.js'

describe('Sink.queue', () => {
  // 1 + 2. demand and model
  it('hands out the stream in order and takes at most bufferSize elements ahead of the pulls', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 10 }), async (spec, bufferSize, pauses) => {
        const scheduler = new VirtualScheduler()
        const inp = input(spec)
        const queue = inp.source.runWith(Sink.queue<number>({ bufferSize }), { scheduler })
        const got: number[] = []
        for (let k = 0; ; k++) {
          await scheduler.advance(pauses[k % Math.max(1, pauses.length)] ?? 0)
          await settle(1)
          // never more taken from upstream than handed out, plus the buffer, plus the pull in flight
          expect(inp.stats.pushes).toBeLessThanOrEqual(got.length + bufferSize + 1)
          const next = queue.pull()
          let r: IteratorResult<number, undefined> | undefined
          void next.then((x) => (r = x))
          for (let i = 0; i < 50 && r === undefined; i++) {
            await scheduler.advance(5)
            await settle(1)
          }
          if (r === undefined) throw new Error('pull() did not settle')
          if (r.done === true) break
          got.push(r.value)
        }
        expect(got).toEqual(spec.elements)
        expectInputsRespected([inp.stats])
        expect(scheduler.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad options', () => {
    expectBuildError(() => Sink.queue({ bufferSize: -1 }), RangeError, 'Sink.queue(options.bufferSize): expected a non-negative integer, got -1')
    expectBuildError(() => Sink.queue({ maxConcurrentPulls: 0 }), RangeError, 'Sink.queue(options.maxConcurrentPulls): expected a positive integer, got 0')
  })

  it('is an async iterator; leaving the loop early cancels the stream', async () => {
    const inp = input({ elements: [1, 2, 3, 4], end: 'never' })
    const queue = inp.source.runWith(Sink.queue<number>({ bufferSize: 1 }))
    const got: number[] = []
    for await (const x of queue) {
      got.push(x)
      if (x === 2) break
    }
    expect(got).toEqual([1, 2])
    await settle()
    expect(inp.stats.cancelled).toBe(true)
    expect(await queue.pull()).toEqual({ done: true, value: undefined })
  })

  it('rejects a pull beyond maxConcurrentPulls', async () => {
    const queue = Source.never<number>().runWith(Sink.queue<number>())
    void queue.pull()
    await expect(queue.pull()).rejects.toThrow('Sink.queue: pull() while 1 pull(s) are pending (maxConcurrentPulls is 1)')
    const q2 = Source.from([1, 2]).runWith(Sink.queue<number>({ bufferSize: 0, maxConcurrentPulls: 2 }))
    expect(await Promise.all([q2.pull(), q2.pull()])).toEqual([
      { done: false, value: 1 },
      { done: false, value: 2 },
    ])
    q2.cancel()
  })

  it('delivers the elements received before a failure, then rejects', async () => {
    const boom = new Error('boom')
    const queue = input({ elements: [1, 2], end: 'fail', error: boom }).source.runWith(Sink.queue<number>())
    await settle()
    expect(await queue.pull()).toEqual({ done: false, value: 1 })
    expect(await queue.pull()).toEqual({ done: false, value: 2 })
    await expect(queue.pull()).rejects.toBe(boom)
  })

  it('resolves pending pulls with done on cancel and on completion', async () => {
    const q = Source.never<number>().runWith(Sink.queue<number>())
    const pending = q.pull()
    q.cancel()
    expect(await pending).toEqual({ done: true, value: undefined })
    const q2 = Source.empty<number>().runWith(Sink.queue<number>())
    expect(await q2.pull()).toEqual({ done: true, value: undefined })
  })
})
