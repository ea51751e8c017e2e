import fc from 'fast-check'
import { finalize, firstValueFrom, interval, lastValueFrom, Subject, toArray } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { Flow } from '../../../src/index.js'
import { viaFlow } from '../../../src/interop/rxjs/index.js'
import { elements } from '../../../src/testkit/index.js'
import { settle } from '../support/settle.js'

describe('viaFlow', () => {
  it('runs a sluice Flow inside an RxJS pipe: the output equals the Array computation', async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (xs, size) => {
        const flow = Flow.create<number>()
          .map((x) => x * 2)
          .grouped(size)
        // `from(xs)` would emit synchronously while subscribed: size the buffer for all of it
        const subject = new Subject<number>()
        const result = lastValueFrom(subject.pipe(viaFlow(flow, { bufferSize: 64, overflowStrategy: 'fail' }), toArray()))
        await settle()
        for (const x of xs) subject.next(x)
        subject.complete()
        const expected: number[][] = []
        for (let i = 0; i < xs.length; i += size) expected.push(xs.slice(i, i + size).map((x) => x * 2))
        expect(await result).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })

  it('requires a bound and an overflow strategy', () => {
    expect(() => viaFlow(Flow.create<number>(), {} as never)).toThrow('viaFlow(options.bufferSize): expected a positive integer, got undefined')
  })

  it('unsubscribing cancels the run and unsubscribes from the source', async () => {
    let unsubscribed = false
    const seen: number[] = []
    const subscription = interval(1)
      .pipe(
        finalize(() => (unsubscribed = true)),
        viaFlow(Flow.create<number>().map((x) => x + 1), { bufferSize: 8, overflowStrategy: 'dropHead' }),
      )
      .subscribe((x) => seen.push(x))
    await new Promise((resolve) => setTimeout(resolve, 20))
    subscription.unsubscribe()
    await settle()
    expect(unsubscribed).toBe(true)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen).toEqual(seen.map((_, i) => i + 1))
  })

  it('fails the pipe when the flow fails, and unsubscribes from the source', async () => {
    const boom = new Error('flow')
    const subject = new Subject<number>()
    const result = firstValueFrom(
      subject.pipe(
        viaFlow(
          Flow.create<number>().map(() => {
            throw boom
          }),
          { bufferSize: 4, overflowStrategy: 'fail' },
        ),
      ),
    )
    await settle()
    subject.next(1)
    await expect(result).rejects.toBe(boom)
    expect(subject.observed).toBe(false)
  })
})
