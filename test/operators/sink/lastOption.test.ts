import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { lastOption } from '../../../src/operators/sink/last.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked } from '../../support/operators.js'

describe('lastOption', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => lastOption<number>(),
        (s) => (s.end === 'fail' ? { rejects: supplyFailed } : { resolves: s.elements.at(-1) }),
      ))
  })

  describe('model', () => {
    it('resolves with xs.at(-1), undefined when empty', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (xs) => {
          expect(await Source.from(xs).runWith(Sink.lastOption())).toBe(xs.at(-1))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with undefined for an empty stream', async () => {
      const [up, result] = probeSink(lastOption<number>())
      up.sendComplete()
      expect(await result).toBeUndefined()
    })

    it('takes no argument; keeps asking until upstream completes', async () => {
      const [up, result] = probeSink(lastOption<number>())
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendComplete()
      expect(await result).toBe(1)
    })

    it('rejects with the upstream failure, even after elements', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(lastOption<number>())
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runWith(Sink.lastOption())).toBe(3)
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.lastOption())).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
