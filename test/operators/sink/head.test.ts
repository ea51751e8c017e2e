import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EmptyStreamError, Sink, Source } from '../../../src/index.js'
import { head } from '../../../src/operators/sink/head.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

describe('head', () => {
  describe('demand', () => {
    it('asks for one element only, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => head<number>(),
        (s) =>
          s.elements.length > 0
            ? { resolves: s.elements[0]! }
            : s.end === 'fail'
              ? { rejects: supplyFailed }
              : { rejects: (e) => e instanceof EmptyStreamError },
      ))
  })

  describe('model', () => {
    it('resolves with xs[0] (rejects when empty)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (xs) => {
          const result = Source.from(xs).runWith(Sink.head())
          if (xs.length === 0) await expect(result).rejects.toBeInstanceOf(EmptyStreamError)
          else expect(await result).toBe(xs[0])
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects an empty stream with EmptyStreamError', async () => {
      const [up, result] = probeSink(head<number>())
      up.sendComplete()
      const err = await result.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(EmptyStreamError)
      expect((err as Error).message).toBe('head: the stream completed without any element')
    })

    it('takes no argument; cancels upstream as soon as the first element arrives', async () => {
      const [up, result] = probeSink(head<number>())
      await up.expectRequest()
      up.sendNext(7)
      expect(await result).toBe(7)
      await up.expectCancellation()
      expect(up.requests).toBe(1)
    })

    it('rejects with the upstream failure before the first element', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(head<number>())
      up.sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('ignores a failure after the first element (it already cancelled)', async () => {
      const upstream = tracked([1, 2], new Error('late'))
      expect(await upstream.source.runWith(Sink.head())).toBe(1)
    })
  })

  describe('cleanup', () => {
    it('releases an endless upstream iterator once it has its element', async () => {
      const endless = trackedEndless()
      expect(await endless.source.runWith(Sink.head())).toBe(0)
      expect(endless.tracking.finallyRan).toBe(true)
      expect(endless.tracking.emitted).toBe(1)
      const failing = tracked([], new Error('x'))
      await expect(failing.source.runWith(Sink.head())).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
