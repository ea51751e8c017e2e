import fc from 'fast-check'
import { firstValueFrom, lastValueFrom, map, take, toArray } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { toObservable } from '../../../src/interop/rxjs/index.js'
import { elements } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'

/** A source over `xs` that records whether its generator's `finally` ran (completion or cancel). */
function tracked(xs: readonly number[]): { source: Source<number>; finalized: () => boolean } {
  let finalized = false
  const iterable = {
    *[Symbol.iterator]() {
      try {
        yield* xs
      } finally {
        finalized = true
      }
    },
  }
  return { source: Source.fromIterable(iterable), finalized: () => finalized }
}

describe('toObservable', () => {
  it('emits the elements unchanged and in order; take(k) downstream cancels the run', async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 25 }), fc.integer({ min: 1, max: 30 }), async (xs, k) => {
        const { source, finalized } = tracked(xs)
        const values = await lastValueFrom(toObservable(source).pipe(take(k), toArray()))
        expect(values).toEqual(xs.slice(0, k))
        await settle()
        expect(finalized()).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it('runs the source anew for each subscription', async () => {
    let runs = 0
    const observable = toObservable(
      Source.lazy(() => {
        runs++
        return Source.range(1, 3)
      }),
    )
    expect(runs).toBe(0)
    expect(await lastValueFrom(observable.pipe(toArray()))).toEqual([1, 2, 3])
    expect(await lastValueFrom(observable.pipe(toArray()))).toEqual([1, 2, 3])
    expect(runs).toBe(2)
  })

  it('errors the subscriber when the run fails', async () => {
    const boom = new Error('boom')
    await expect(firstValueFrom(toObservable(Source.failed(boom)))).rejects.toBe(boom)
  })

  it('unsubscribing cancels the run, even an endless synchronous one', async () => {
    let returned = false
    async function* ticks(): AsyncGenerator<number> {
      try {
        // one value per host turn: an endless generator that never yields to the host would
        // starve timers and I/O, with or without sluice
        for (let i = 0; ; i++) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          yield i
        }
      } finally {
        returned = true
      }
    }
    const seen: number[] = []
    const subscription = toObservable(Source.fromAsyncIterable(ticks())).subscribe((x) => seen.push(x))
    await settle(3)
    subscription.unsubscribe()
    await settle(3)
    expect(returned).toBe(true)
    const count = seen.length
    await settle(3)
    expect(seen.length).toBe(count)

    let n = 0
    const endless = toObservable(Source.repeat(1)).subscribe(() => n++) // runs in slices of ~15 ms
    await new Promise((resolve) => setTimeout(resolve, 40))
    endless.unsubscribe()
    await settle()
    const after = n
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(n).toBe(after)
    expect(n).toBeGreaterThan(0)
  })

  it('keeps memory bounded: 500 MB pass through to an Observer that keeps nothing', async () => {
    const memory = new MemoryProbe()
    let count = 0
    await lastValueFrom(
      toObservable(Source.unfold(0, (n) => (n < 500 ? [n + 1, Buffer.allocUnsafe(MB)] : undefined))).pipe(
        map((chunk) => {
          if (++count % 100 === 0) memory.sample()
          return chunk.length
        }),
      ),
    )
    expect(count).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
