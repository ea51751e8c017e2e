import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Sink, Source } from '../../../src/index.js'
import { exists } from '../../../src/operators/sink/exists.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

const p = (x: number) => x > 30
const stopsAt = (xs: number[]): boolean => xs.some((x) => x > 30)

describe('exists', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => exists(p),
        (s) => (stopsAt(s.elements) || s.end === 'complete' ? { resolves: ((xs: number[]) => xs.some((x) => x > 30))(s.elements) } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('resolves with what the Array method computes', async () => {
      await fc.assert(
        fc.asyncProperty(ints(40), async (xs) => {
          expect(await Source.from(xs).runWith(Sink.exists(p))).toBe(xs.some((x) => x > 30))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with false for an empty stream', async () => {
      const [up, result] = probeSink(exists(p))
      up.sendComplete()
      expect(await result).toBe(false)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => exists(null as never), TypeError, 'exists(p): expected a function, got null')
      expectBuildError(() => Sink.exists('p' as never), TypeError, 'exists(p): expected a function, got "p"')
    })

    it('resolves with true at the deciding element and cancels upstream without asking for more', async () => {
      const [up, result] = probeSink(exists(p))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(99)
      expect(await result).toBe(true)
      await up.expectCancellation()
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(exists(p))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('rejects with the error p threw, naming exists, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runWith(
          Sink.exists((x: number) => {
            if (x === 2) throw boom
            return x === -1
          }),
        )
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('exists')
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, an early answer and failure', async () => {
      const done = tracked([1, 2, 3])
      await done.source.runWith(Sink.exists(p))
      expect(done.tracking.finallyRan).toBe(true)
      const early = tracked([1, 99, 3])
      expect(await early.source.runWith(Sink.exists(p))).toBe(true)
      expect(early.tracking.finallyRan).toBe(true)
      expect(early.tracking.emitted).toBe(2)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.exists(p))).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
