import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { ignore } from '../../../src/operators/sink/ignore.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked } from '../../support/operators.js'

describe('ignore', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => ignore(),
        (s) => (s.end === 'complete' ? { resolves: undefined } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('consumes every element and resolves with undefined', async () => {
      await fc.assert(
        fc.asyncProperty(ints(50), async (xs) => {
          let seen = 0
          const done = Source.from(xs)
            .map((x) => {
              seen++
              return x
            })
            .runWith(Sink.ignore())
          expect(await done).toBeUndefined()
          expect(seen).toBe(xs.length)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves for an empty stream', async () => {
      const [up, done] = probeSink(ignore())
      up.sendComplete()
      expect(await done).toBeUndefined()
    })

    it('asks for one element at a time, and keeps asking', async () => {
      const [up] = probeSink(ignore())
      for (let i = 0; i < 3; i++) {
        await up.expectRequest()
        up.sendNext(i)
      }
      await up.expectRequest()
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, done] = probeSink(ignore())
      up.sendNext(1).sendError(boom)
      await expect(done).rejects.toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      await done.source.runWith(Sink.ignore())
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(Sink.ignore())).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
