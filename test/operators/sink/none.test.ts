import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Sink, Source } from '../../../src/index.js'
import { none } from '../../../src/operators/sink/none.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

const p = (x: number) => x > 30
const stopsAt = (xs: number[]): boolean => xs.some((x) => x > 30)

describe('none', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => none(p),
        (s) => (stopsAt(s.elements) || s.end === 'complete' ? { resolves: ((xs: number[]) => !xs.some((x) => x > 30))(s.elements) } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('resolves with what the Array method computes', async () => {
      await fc.assert(
        fc.asyncProperty(ints(40), async (xs) => {
          expect(await Source.from(xs).runWith(Sink.none(p))).toBe(!xs.some((x) => x > 30))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with true for an empty stream', async () => {
      const [up, result] = probeSink(none(p))
      up.sendComplete()
      expect(await result).toBe(true)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => none(null as never), TypeError, 'none(p): expected a function, got null')
      expectBuildError(() => Sink.none('p' as never), TypeError, 'none(p): expected a function, got "p"')
    })

    it('resolves with false at the deciding element and cancels upstream without asking for more', async () => {
      const [up, result] = probeSink(none(p))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(99)
      expect(await result).toBe(false)
      await up.expectCancellation()
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(none(p))
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('rejects with the error p threw, naming none, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runWith(
          Sink.none((x: number) => {
            if (x === 2) throw boom
            return x === -1
          }),
        )
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('none')
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, an early answer and failure', async () => {
      const done = tracked([1, 2, 3])
      await done.source.runWith(Sink.none(p))
      expect(done.tracking.finallyRan).toBe(true)
      const early = tracked([1, 99, 3])
      expect(await early.source.runWith(Sink.none(p))).toBe(false)
      expect(early.tracking.finallyRan).toBe(true)
      expect(early.tracking.emitted).toBe(2)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.none(p))).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
