import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { from } from '../../../src/operators/source/from.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS } from '../../support/operators.js'

async function* asyncOf(xs: readonly number[]): AsyncGenerator<number> {
  for (const x of xs) yield x
}

/** The same elements as each kind of input `from` accepts (a Promise carries them as one array). */
const inputs = {
  array: (xs: number[]) => from(xs),
  iterable: (xs: number[]) => from(new Set(xs.map((x, i) => `${i}:${x}`))),
  asyncIterable: (xs: number[]) => from(asyncOf(xs)),
  publisher: (xs: number[]) => from(Source.from(xs).runWith(Sink.asPublisher<number>())),
}
const expected = {
  array: (xs: number[]) => xs,
  iterable: (xs: number[]) => xs.map((x, i) => `${i}:${x}`),
  asyncIterable: (xs: number[]) => xs,
  publisher: (xs: number[]) => xs,
}
type Kind = keyof typeof inputs

describe('from', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel, whatever the input', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.constantFrom<Kind>('array', 'iterable', 'asyncIterable', 'publisher'), demandSchedule(), async (xs, kind, schedule) => {
          expectClean(await runScheduled<unknown>(inputs[kind](xs), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the elements of the input in order (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.constantFrom<Kind>('array', 'iterable', 'asyncIterable', 'publisher'), demandSchedule(), async (xs, kind, schedule) => {
          expectModel(await runScheduled<unknown>(inputs[kind](xs), schedule), expected[kind](xs))
        }),
        { numRuns: RUNS },
      )
    })

    it('emits the value of a Promise', async () => {
      expect(await Source.from(Promise.resolve([1, 2])).runCollect()).toEqual([[1, 2]])
    })
  })

  describe('edges', () => {
    it('completes an empty array without any demand', async () => {
      await probeSource(from([])).expectSubscriptionAndComplete()
    })

    it('rejects inputs of no known kind at build time', () => {
      expectBuildError(() => from(null as never), TypeError, 'from(input): expected an Iterable, AsyncIterable, Promise or Publisher, got null')
      expectBuildError(() => from(undefined as never), TypeError, 'from(input): expected an Iterable, AsyncIterable, Promise or Publisher, got undefined')
      expectBuildError(
        () => Source.from({ x: 1 } as never),
        TypeError,
        'from(input): expected an Iterable, AsyncIterable, Promise or Publisher, got an object that is none of these',
      )
    })

    it('treats a string as the iterable of its characters', async () => {
      expect(await Source.from('abc').runCollect()).toEqual(['a', 'b', 'c'])
    })

    it('fails with the rejection of a Promise input', async () => {
      const boom = new Error('no')
      await expect(Source.from(Promise.reject(boom)).runCollect()).rejects.toBe(boom)
    })

    it('releases an iterable input when cancelled mid-stream', async () => {
      const tracking = { finalized: false }
      const run = await runScheduled(from({ [Symbol.iterator]: () => iteratorOf(tracking) }), [{ request: 2 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(tracking.finalized).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after completion and cancel, whatever the input', async () => {
      for (const kind of Object.keys(inputs) as Kind[]) {
        expectClean(await runScheduled<unknown>(inputs[kind]([1, 2, 3]), [{ request: 10 }]), 'completed')
        expectClean(await runScheduled<unknown>(inputs[kind]([1, 2, 3]), [{ request: 1 }, { cancel: true }]), 'cancelled')
      }
    })
  })
})

/** A hand-written endless iterator that marks `tracking.finalized` on return(). */
function iteratorOf(tracking: { finalized: boolean }): Iterator<number> {
  let i = 0
  return {
    next: () => ({ done: false, value: i++ }),
    return: () => {
      tracking.finalized = true
      return { done: true, value: undefined }
    },
  }
}
