import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Sink, Source } from '../../../src/index.js'
import { forEach } from '../../../src/operators/sink/forEach.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

describe('forEach', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => forEach<number>(() => {}),
        (s) => (s.end === 'complete' ? { resolves: undefined } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('calls f once per element, in order, like Array.prototype.forEach', async () => {
      await fc.assert(
        fc.asyncProperty(ints(50), async (xs) => {
          const seen: number[] = []
          await Source.from(xs).runForEach((x) => seen.push(x))
          expect(seen).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('resolves for an empty stream without calling f', async () => {
      let calls = 0
      const [up, done] = probeSink(forEach<number>(() => void calls++))
      up.sendComplete()
      expect(await done).toBeUndefined()
      expect(calls).toBe(0)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => forEach(null as never), TypeError, 'forEach(f): expected a function, got null')
      expectBuildError(() => Sink.forEach('x' as never), TypeError, 'forEach(f): expected a function, got "x"')
    })

    it('calls f before asking for the next element', async () => {
      const log: string[] = []
      const [up] = probeSink(forEach<number>((x) => log.push(`f(${x})`)))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      log.push('request')
      expect(log).toEqual(['f(1)', 'request'])
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, done] = probeSink(forEach<number>(() => {}))
      up.sendError(boom)
      await expect(done).rejects.toBe(boom)
    })

    it('rejects with the error f threw, naming forEach, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const done = upstream.source.runWith(
        Sink.forEach((x: number) => {
          if (x === 3) throw boom
        }),
      )
      const err = await done.catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('forEach')
      expect(upstream.tracking.finallyRan).toBe(true)
      expect(upstream.tracking.emitted).toBe(4)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, failure and a throwing f', async () => {
      const done = tracked([1, 2, 3])
      await done.source.runForEach(() => {})
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runForEach(() => {})).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
      const thrower = tracked([1, 2, 3])
      await expect(
        thrower.source.runForEach(() => {
          throw new Error('f')
        }),
      ).rejects.toThrow('f')
      expect(thrower.tracking.finallyRan).toBe(true)
    })
  })
})
