import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { headOption } from '../../../src/operators/sink/head.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

describe('headOption', () => {
  describe('demand', () => {
    it('asks for one element only, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => headOption<number>(),
        (s) => (s.elements.length > 0 ? { resolves: s.elements[0]! } : s.end === 'fail' ? { rejects: supplyFailed } : { resolves: undefined }),
      ))
  })

  describe('model', () => {
    it('resolves with xs[0], undefined when empty', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (xs) => {
          expect(await Source.from(xs).runWith(Sink.headOption())).toBe(xs[0])
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with undefined for an empty stream', async () => {
      const [up, result] = probeSink(headOption<number>())
      up.sendComplete()
      expect(await result).toBeUndefined()
    })

    it('takes no argument; cancels upstream as soon as the first element arrives', async () => {
      const [up, result] = probeSink(headOption<number>())
      await up.expectRequest()
      up.sendNext(7)
      expect(await result).toBe(7)
      await up.expectCancellation()
    })

    it('rejects with the upstream failure before the first element', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(headOption<number>())
      up.sendError(boom)
      await expect(result).rejects.toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('releases an endless upstream iterator once it has its element', async () => {
      const endless = trackedEndless()
      expect(await endless.source.runWith(Sink.headOption())).toBe(0)
      expect(endless.tracking.finallyRan).toBe(true)
      const empty = tracked<number>([])
      expect(await empty.source.runWith(Sink.headOption())).toBeUndefined()
      expect(empty.tracking.finallyRan).toBe(true)
    })
  })
})
