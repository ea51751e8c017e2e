import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EmptyStreamError, Sink, Source } from '../../../src/index.js'
import { last } from '../../../src/operators/sink/last.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked } from '../../support/operators.js'

describe('last', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => last<number>(),
        (s) =>
          s.end === 'fail'
            ? { rejects: supplyFailed }
            : s.elements.length === 0
              ? { rejects: (e) => e instanceof EmptyStreamError }
              : { resolves: s.elements[s.elements.length - 1]! },
      ))
  })

  describe('model', () => {
    it('resolves with xs.at(-1) (rejects when empty)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (xs) => {
          const result = Source.from(xs).runWith(Sink.last())
          if (xs.length === 0) await expect(result).rejects.toBeInstanceOf(EmptyStreamError)
          else expect(await result).toBe(xs.at(-1))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects an empty stream with EmptyStreamError', async () => {
      const [up, result] = probeSink(last<number>())
      up.sendComplete()
      const err = await result.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(EmptyStreamError)
      expect((err as Error).message).toBe('last: the stream completed without any element')
    })

    it('takes no argument; keeps asking until upstream completes', async () => {
      const [up, result] = probeSink(last<number>())
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await up.expectRequest()
      up.sendComplete()
      expect(await result).toBe(2)
    })

    it('rejects with the upstream failure, even after elements', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(last<number>())
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runWith(Sink.last())).toBe(3)
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.last())).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
