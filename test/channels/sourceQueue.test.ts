import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BufferOverflowError, Keep, Sink, Source, type QueueOfferResult } from '../../src/index.js'
import { TestSink, VirtualScheduler } from '../../src/testkit/index.js'
import { expectBuildError } from '../support/operators.js'
import { nexts, RUNS, settle } from '../support/graphs.js'

type Strategy = 'dropHead' | 'dropTail' | 'dropNew' | 'fail'
type Step = { offer: number } | { request: number } | { complete: true }

/** The documented behaviour, step by step: what each offer answers and what comes out. */
function model(capacity: number, strategy: Strategy, steps: readonly Step[]) {
  const buffer: number[] = []
  const answers: QueueOfferResult[] = []
  const out: number[] = []
  let demand = 0
  let state: 'open' | 'completing' | 'failed' = 'open'
  const deliver = (): void => {
    while (demand > 0 && buffer.length > 0) {
      out.push(buffer.shift()!)
      demand--
    }
  }
  for (const step of steps) {
    if ('offer' in step) {
      if (state === 'failed') answers.push('failed')
      else if (state !== 'open') answers.push('closed')
      else if (buffer.length < capacity) {
        buffer.push(step.offer)
        answers.push('enqueued')
      } else if (strategy === 'dropNew') answers.push('dropped')
      else if (strategy === 'dropHead') {
        buffer.shift()
        buffer.push(step.offer)
        answers.push('enqueued')
      } else if (strategy === 'dropTail') {
        buffer[buffer.length - 1] = step.offer
        answers.push('enqueued')
      } else {
        state = 'failed'
        buffer.length = 0
        answers.push('failed')
      }
    } else if ('request' in step) demand += step.request
    else if (state === 'open') state = 'completing'
    deliver()
  }
  return { answers, out, state, left: buffer.length }
}

const steps = fc.array(
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 99 }).map((x) => ({ offer: x })), weight: 5 },
    { arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => ({ request: n })), weight: 3 },
    { arbitrary: fc.constant({ complete: true as const }), weight: 1 },
  ),
  { maxLength: 30 },
)

describe('Source.queue', () => {
  // 1 + 2. demand and model: every offer gets exactly the documented answer, at once
  it('answers each offer as documented and emits what the model emits, never beyond demand', () =>
    fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<Strategy>('dropHead', 'dropTail', 'dropNew', 'fail'),
        steps,
        async (capacity, strategy, script) => {
          const scheduler = new VirtualScheduler()
          const [queue, probe] = Source.queue<number>(capacity, strategy).toMat(TestSink.probe<number>({ scheduler }), Keep.both).run({ scheduler })
          const answers: QueueOfferResult[] = []
          for (const step of script) {
            if ('offer' in step) answers.push(queue.offer(step.offer))
            else if ('request' in step) probe.request(step.request)
            else queue.complete()
            await settle(1)
          }
          const want = model(capacity, strategy, script)
          expect(answers).toEqual(want.answers)
          expect(nexts(probe)).toEqual(want.out)
          const requested = script.reduce((n, s) => n + ('request' in s ? s.request : 0), 0)
          expect(nexts(probe).length).toBeLessThanOrEqual(requested)
          await probe.expectNextN(want.out.length)
          if (want.state === 'failed') await probe.expectError(BufferOverflowError)
          else if (want.state === 'completing' && want.left === 0) await probe.expectComplete()
          else probe.cancel()
          await settle(1)
          expect(queue.offer(1)).toBe(want.state === 'failed' ? 'failed' : 'closed')
          expect(scheduler.pendingTimers).toBe(0)
        },
      ),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments, and null elements at the offer', () => {
    expectBuildError(() => Source.queue(0), RangeError, 'Source.queue(bufferSize): expected a positive integer, got 0')
    expectBuildError(() => Source.queue(1, 'backpressure' as never), TypeError, "Source.queue(overflowStrategy): expected one of 'dropHead', 'dropTail', 'dropNew', 'fail', got backpressure")
    const queue = Source.queue<number>(1).to(Sink.ignore()).run()
    expect(() => queue.offer(null as never)).toThrow('SourceQueue.offer(element): elements must not be null or undefined')
  })

  it('ready() resolves when there is room; offerAsync waits for it instead of dropping', async () => {
    const [queue, probe] = Source.queue<number>(1).toMat(TestSink.probe<number>(), Keep.both).run()
    expect(queue.offer(1)).toBe('enqueued')
    expect(queue.offer(2)).toBe('dropped')
    let ready = false
    void queue.ready().then(() => (ready = true))
    const later = queue.offerAsync(2)
    await settle()
    expect(ready).toBe(false)
    probe.request(1)
    await probe.expectNext(1)
    await settle()
    expect(ready).toBe(true)
    expect(await later).toBe('enqueued')
    probe.request(1)
    await probe.expectNext(2)
    probe.cancel()
  })

  it('many producers using offerAsync lose nothing and keep their own order', async () => {
    const [queue, done] = Source.queue<string>(2).toMat(Sink.collect(), Keep.both).run()
    const producers = ['a', 'b', 'c'].map(async (p) => {
      for (let i = 0; i < 20; i++) expect(await queue.offerAsync(`${p}${i}`)).toBe('enqueued')
    })
    await Promise.all(producers)
    queue.complete()
    const out = await done
    expect(out.length).toBe(60)
    for (const p of ['a', 'b', 'c']) expect(out.filter((x) => x[0] === p)).toEqual(Array.from({ length: 20 }, (_, i) => `${p}${i}`))
  })

  it('complete() drains the buffer first; fail(e) fails at once; watchCompletion follows', async () => {
    const [q1, out1] = Source.queue<number>(4).toMat(Sink.collect(), Keep.both).run()
    q1.offer(1)
    q1.offer(2)
    q1.complete()
    expect(q1.offer(3)).toBe('closed')
    expect(await out1).toEqual([1, 2])
    await expect(q1.watchCompletion()).resolves.toBeUndefined()

    const boom = new Error('boom')
    const [q2, out2] = Source.queue<number>(4).toMat(Sink.collect(), Keep.both).run()
    q2.offer(1)
    q2.fail(boom)
    expect(q2.offer(2)).toBe('failed')
    expect(await out2.catch((e: unknown) => e)).toBe(boom)
    await expect(q2.watchCompletion()).rejects.toBe(boom)
  })

  it('answers closed after downstream cancelled, and ready() does not hang then', async () => {
    const [queue, probe] = Source.queue<number>(1).toMat(TestSink.probe<number>(), Keep.both).run()
    queue.offer(1)
    const waiting = queue.ready()
    probe.cancel()
    await settle()
    await waiting
    expect(queue.offer(2)).toBe('closed')
    expect(await queue.offerAsync(3)).toBe('closed')
    await expect(queue.watchCompletion()).resolves.toBeUndefined()
  })

  it('reports size and capacity', () => {
    const queue = Source.queue<number>(3).to(Sink.cancelled()).run()
    expect(queue.capacity).toBe(3)
    expect(queue.size).toBe(0)
  })
})
