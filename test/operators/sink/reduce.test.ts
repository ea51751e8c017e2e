import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EmptyStreamError, failedStage, Sink, Source } from '../../../src/index.js'
import { reduce } from '../../../src/operators/sink/reduce.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

const sum = (acc: number, x: number): number => acc + x

describe('reduce (sink)', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => reduce(sum),
        (s) =>
          s.end === 'fail'
            ? { rejects: supplyFailed }
            : s.elements.length === 0
              ? { rejects: (e) => e instanceof EmptyStreamError }
              : { resolves: s.elements.reduce(sum) },
      ))
  })

  describe('model', () => {
    it('resolves with Array.prototype.reduce without a seed; rejects when empty', async () => {
      await fc.assert(
        fc.asyncProperty(ints(30), async (xs) => {
          const f = (acc: number, x: number): number => acc * 7 - x
          const result = Source.from(xs).runWith(Sink.reduce(f))
          if (xs.length === 0) await expect(result).rejects.toBeInstanceOf(EmptyStreamError)
          else expect(await result).toBe(xs.reduce(f))
          if (xs.length > 0) expect(await Source.from(xs).runReduce(f)).toBe(xs.reduce(f))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('treats undefined from f as a value, not as "no element yet"', async () => {
      const seen: unknown[] = []
      const f = (acc: number | undefined, x: number | undefined): number | undefined => (seen.push(acc), x === 2 ? undefined : (acc ?? 100) + (x ?? 0))
      expect(await Source.from<number | undefined>([1, 2, 3]).runWith(Sink.reduce(f))).toBe(103)
      expect(seen).toEqual([1, undefined])
      expect(await Source.from([1, 2]).runWith(Sink.reduce<number | undefined>(() => undefined))).toBeUndefined()
    })

    it('rejects an empty stream with EmptyStreamError', async () => {
      const [up, result] = probeSink(reduce(sum))
      up.sendComplete()
      const err = await result.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(EmptyStreamError)
      expect((err as Error).message).toBe('reduce: the stream completed without any element')
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => reduce(null as never), TypeError, 'reduce(f): expected a function, got null')
      expectBuildError(() => Sink.reduce({} as never), TypeError, 'reduce(f): expected a function, got an object')
    })

    it('resolves with the only element without calling f', async () => {
      let calls = 0
      expect(
        await Source.single(9).runReduce((a, b) => {
          calls++
          return a + b
        }),
      ).toBe(9)
      expect(calls).toBe(0)
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(reduce(sum))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('rejects with the error f threw, naming reduce, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runReduce((acc, x) => {
          if (x === 3) throw boom
          return acc + x
        })
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('reduce')
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runReduce(sum)).toBe(6)
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runReduce(sum)).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
