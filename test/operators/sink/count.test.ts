import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, KillSwitches, Sink, Source } from '../../../src/index.js'
import { count } from '../../../src/operators/sink/count.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked } from '../../support/operators.js'

describe('count', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(count, (s) => (s.end === 'complete' ? { resolves: s.elements.length } : { rejects: supplyFailed })))
  })

  describe('model', () => {
    it('resolves with Array length', async () => {
      await fc.assert(
        fc.asyncProperty(ints(60), async (xs) => {
          expect(await Source.from(xs).runWith(Sink.count())).toBe(xs.length)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves with 0 for an empty stream', async () => {
      const [up, result] = probeSink(count())
      up.sendComplete()
      expect(await result).toBe(0)
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, result] = probeSink(count())
      up.sendNext(1).sendError(boom)
      await expect(result).rejects.toBe(boom)
    })

    it('resolves with the count so far when a kill switch shuts the stream down', async () => {
      const [kill, result] = Source.from([1, 2]).concat(Source.never<number>()).viaMat(KillSwitches.single<number>(), Keep.right).toMat(Sink.count(), Keep.both).run()
      await new Promise((resolve) => setTimeout(resolve, 0))
      kill.shutdown()
      expect(await result).toBe(2)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await done.source.runWith(Sink.count())).toBe(3)
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.count())).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
