import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { takeLast } from '../../../src/operators/sink/takeLast.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked } from '../../support/operators.js'

const lastN = (xs: number[], n: number): number[] => (n === 0 ? [] : xs.slice(-n))

describe('takeLast', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => takeLast<number>(3),
        (s) => (s.end === 'complete' ? { resolves: lastN(s.elements, 3) } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('resolves with Array slice(-n)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(40), fc.integer({ min: 0, max: 10 }), async (xs, n) => {
          expect(await Source.from(xs).runWith(Sink.takeLast(n))).toEqual(lastN(xs, n))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with [] for an empty stream, and for n = 0', async () => {
      const [up, result] = probeSink(takeLast<number>(2))
      up.sendComplete()
      expect(await result).toEqual([])
      expect(await Source.range(1, 5).runWith(Sink.takeLast(0))).toEqual([])
    })

    it('rejects a bad count at build time', () => {
      expectBuildError(() => takeLast(-1), RangeError, 'takeLast(n): expected a non-negative integer, got -1')
      expectBuildError(() => Sink.takeLast(1.5), RangeError, 'takeLast(n): expected a non-negative integer, got 1.5')
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(takeLast<number>(2))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runWith(Sink.takeLast(2))).toEqual([2, 3])
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.takeLast(2))).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
