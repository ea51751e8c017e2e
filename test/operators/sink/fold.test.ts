import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Sink, Source } from '../../../src/index.js'
import { fold } from '../../../src/operators/sink/fold.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

const sum = (acc: number, x: number): number => acc + x

describe('fold (sink)', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => fold(0, sum),
        (s) => (s.end === 'complete' ? { resolves: s.elements.reduce(sum, 0) } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('resolves with Array.prototype.reduce with the seed', async () => {
      await fc.assert(
        fc.asyncProperty(ints(50), async (xs) => {
          const f = (acc: string, x: number): string => `${acc},${x}`
          expect(await Source.from(xs).runWith(Sink.fold('', f))).toBe(xs.reduce(f, ''))
          expect(await Source.from(xs).runFold('', f)).toBe(xs.reduce(f, ''))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with the seed for an empty stream', async () => {
      const [up, result] = probeSink(fold(42, sum))
      up.sendComplete()
      expect(await result).toBe(42)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => fold(0, null as never), TypeError, 'fold(f): expected a function, got null')
      expectBuildError(() => Sink.fold(0, 1 as never), TypeError, 'fold(f): expected a function, got 1')
    })

    it('starts from the seed in each run', async () => {
      const sink = Sink.fold<number, number[]>([], (acc, x) => [...acc, x])
      expect(await Source.from([1]).runWith(sink)).toEqual([1])
      expect(await Source.from([2]).runWith(sink)).toEqual([2])
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(fold(0, sum))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('rejects with the error f threw, naming fold, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runFold(0, (acc, x) => {
          if (x === 2) throw boom
          return acc + x
        })
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('fold')
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runFold(0, sum)).toBe(6)
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runFold(0, sum)).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
