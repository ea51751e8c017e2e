import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Sink, Source } from '../../../src/index.js'
import { foldWhile } from '../../../src/operators/sink/foldWhile.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

const below = (limit: number) => (acc: number): boolean => acc < limit
const sum = (acc: number, x: number): number => acc + Math.abs(x)
/** What foldWhile computes, and whether it stopped before the end. */
const model = (xs: number[], limit: number): { acc: number; stopped: boolean } => {
  let acc = 0
  if (!(acc < limit)) return { acc, stopped: true }
  for (const x of xs) {
    acc = sum(acc, x)
    if (!(acc < limit)) return { acc, stopped: true }
  }
  return { acc, stopped: false }
}

describe('foldWhile', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => foldWhile(0, below(60), sum),
        (s) => {
          const m = model(s.elements, 60)
          return m.stopped || s.end === 'complete' ? { resolves: m.acc } : { rejects: supplyFailed }
        },
      ))
  })

  describe('model', () => {
    it('resolves with the fold of the longest prefix that keeps p, plus the element that broke it', async () => {
      await fc.assert(
        fc.asyncProperty(ints(30), fc.integer({ min: 0, max: 200 }), async (xs, limit) => {
          expect(await Source.from(xs).runWith(Sink.foldWhile(0, below(limit), sum))).toBe(model(xs, limit).acc)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with zero for an empty stream', async () => {
      const [up, result] = probeSink(foldWhile(5, below(10), sum))
      up.sendComplete()
      expect(await result).toBe(5)
    })

    it('resolves with zero without pulling when p(zero) does not hold', async () => {
      const [up, result] = probeSink(foldWhile(10, below(10), sum))
      expect(await result).toBe(10)
      await up.expectCancellation()
    })

    it('rejects non-functions at build time', () => {
      expectBuildError(() => foldWhile(0, null as never, sum), TypeError, 'foldWhile(p): expected a function, got null')
      expectBuildError(() => Sink.foldWhile(0, below(1), 1 as never), TypeError, 'foldWhile(f): expected a function, got 1')
    })

    it('cancels upstream as soon as p fails', async () => {
      const upstream = trackedEndless()
      expect(await upstream.source.runWith(Sink.foldWhile<number, number>(0, below(10), (acc, x) => acc + x))).toBe(10)
      expect(upstream.tracking.emitted).toBe(5)
      expect(upstream.tracking.finallyRan).toBe(true)
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(foldWhile(0, below(10), sum))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('rejects with the error f threw, naming foldWhile, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runWith(
          Sink.foldWhile<number, number>(0, below(1e9), (acc, x) => {
            if (x === 2) throw boom
            return acc + x
          }),
        )
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('foldWhile')
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, an early stop and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runWith(Sink.foldWhile(0, below(100), sum))).toBe(6)
      expect(done.tracking.finallyRan).toBe(true)
      const early = tracked([1, 2, 3])
      expect(await early.source.runWith(Sink.foldWhile(0, below(2), sum))).toBe(3)
      expect(early.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.foldWhile(0, below(100), sum))).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
