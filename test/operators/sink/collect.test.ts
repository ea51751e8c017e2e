import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { collect } from '../../../src/operators/sink/collect.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked } from '../../support/operators.js'

describe('collect', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => collect<number>(),
        (s) => (s.end === 'complete' ? { resolves: s.elements } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('resolves with every element, in order, like [...xs]', async () => {
      await fc.assert(
        fc.asyncProperty(ints(50), async (xs) => {
          expect(await Source.from(xs).runWith(Sink.collect())).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with [] for an empty stream', async () => {
      const [up, result] = probeSink(collect<number>())
      up.sendComplete()
      expect(await result).toEqual([])
    })

    it('takes no argument; materializes a fresh array per run', async () => {
      const graph = Source.from([1]).toMat(Sink.collect(), (_, r) => r)
      const [a, b] = await Promise.all([graph.run(), graph.run()])
      expect(a).toEqual([1])
      expect(a).not.toBe(b)
    })

    it('asks for one element at a time, as it takes them', async () => {
      const [up] = probeSink(collect<number>())
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      expect(up.requests).toBe(2)
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(collect<number>())
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runWith(Sink.collect())).toEqual([1, 2, 3])
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.collect())).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
