import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { fromAsyncIterable } from '../../../src/operators/source/fromAsyncIterable.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS } from '../../support/operators.js'

/** An async generator over `xs` (then throwing `failure`) that records pulls and its `finally`. */
function asyncGen<T>(xs: readonly T[], failure?: unknown) {
  const state = { nexts: 0, finallyRan: false, started: false }
  async function* gen(): AsyncGenerator<T> {
    state.started = true
    try {
      for (const x of xs) {
        await Promise.resolve()
        state.nexts++
        yield x
      }
      if (failure !== undefined) throw failure
    } finally {
      state.finallyRan = true
    }
  }
  return { iterable: { [Symbol.asyncIterator]: gen }, state }
}

async function* endless(state: { finallyRan: boolean }): AsyncGenerator<number> {
  try {
    for (let i = 0; ; i++) yield i
  } finally {
    state.finallyRan = true
  }
}

describe('fromAsyncIterable', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          expectClean(await runScheduled(fromAsyncIterable(asyncGen(xs).iterable), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the elements in order (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          expectModel(await runScheduled(fromAsyncIterable(asyncGen(xs).iterable), schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty async iterable once asked', async () => {
      const down = probeSource(fromAsyncIterable(asyncGen([]).iterable))
      down.request(1)
      await down.expectComplete()
    })

    it('rejects what is not an async iterable at build time', () => {
      expectBuildError(() => fromAsyncIterable(undefined as never), TypeError, 'fromAsyncIterable(iterable): expected a value, got undefined')
      expectBuildError(
        () => Source.fromAsyncIterable([1] as never),
        TypeError,
        'fromAsyncIterable(iterable): expected an AsyncIterable (an object with [Symbol.asyncIterator])',
      )
    })

    it('calls next() once per request, never ahead of demand', async () => {
      const { iterable, state } = asyncGen([1, 2, 3, 4])
      const down = probeSource(fromAsyncIterable(iterable))
      down.request(2)
      await down.expectNext(1, 2)
      await down.expectNoMessage(5)
      expect(state.nexts).toBe(2)
    })

    it('fails with the error the iterator rejected with', async () => {
      const boom = new Error('async iterator broke')
      const { iterable, state } = asyncGen([1], boom)
      const down = probeSource(fromAsyncIterable(iterable))
      down.request(5)
      await down.expectNext(1)
      expect(await down.expectError()).toBe(boom)
      expect(state.finallyRan).toBe(true)
    })

    it('fails with the error a synchronously throwing next() threw, naming fromAsyncIterable', async () => {
      const boom = new Error('sync throw')
      const iterable: AsyncIterable<number> = {
        [Symbol.asyncIterator]: () => ({
          next: () => {
            throw boom
          },
        }),
      }
      const err = await Source.fromAsyncIterable(iterable).runCollect().catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('fromAsyncIterable')
    })

    it('calls return() when cancelled mid-stream (the async generator finally runs)', async () => {
      const state = { finallyRan: false }
      const run = await runScheduled(fromAsyncIterable(endless(state)), [{ request: 3 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1, 2])
      expect(state.finallyRan).toBe(true)
    })

    it('calls return() when cancelled while a next() is pending', async () => {
      let finallyRan = false
      let release: () => void = () => {}
      async function* slow(): AsyncGenerator<number> {
        try {
          yield 1
          await new Promise<void>((resolve) => (release = resolve))
          yield 2
        } finally {
          finallyRan = true
        }
      }
      const down = probeSource(fromAsyncIterable(slow()))
      down.request(2)
      await down.expectNext(1)
      down.cancel()
      await new Promise((r) => setTimeout(r, 5))
      release()
      await new Promise((r) => setTimeout(r, 5))
      expect(finallyRan).toBe(true)
    })

    it('routes a rejection of return() to the run hook instead of losing it', async () => {
      const boom = new Error('return failed')
      const seen: unknown[] = []
      const iterable: AsyncIterable<number> = {
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.resolve({ done: false, value: 1 }),
          return: () => Promise.reject(boom),
        }),
      }
      await Source.fromAsyncIterable(iterable)
        .take(1)
        .runCollect({ onUnhandledError: (e) => seen.push(e) })
      await new Promise((r) => setTimeout(r, 5))
      expect(seen).toEqual([boom])
    })
  })

  describe('cleanup', () => {
    it('stops every stage, leaves no timer, and releases the iterator after completion, failure and cancel', async () => {
      const done = asyncGen([1, 2])
      expectClean(await runScheduled(fromAsyncIterable(done.iterable), [{ request: 10 }]), 'completed')
      expect(done.state.finallyRan).toBe(true)
      const failing = asyncGen([1], new Error('x'))
      expectClean(await runScheduled(fromAsyncIterable(failing.iterable), [{ request: 10 }]), 'failed')
      expect(failing.state.finallyRan).toBe(true)
      const state = { finallyRan: false }
      expectClean(await runScheduled(fromAsyncIterable(endless(state)), [{ request: 1 }, { cancel: true }]), 'cancelled')
      expect(state.finallyRan).toBe(true)
    })
  })
})
