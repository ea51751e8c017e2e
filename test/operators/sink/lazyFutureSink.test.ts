import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import type { SinkGraph } from '../../../src/core/Graph.js'
import { lazyFutureSink } from '../../../src/operators/sink/lazyFutureSink.js'
import { NeverMaterializedError } from '../../../src/operators/sink/NeverMaterializedError.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

const make = (inner: () => SinkGraph<number, Promise<number[]>>) => lazyFutureSink(async () => inner())
const never = (e: unknown): boolean => e instanceof NeverMaterializedError

describe('lazyFutureSink', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw<number, Promise<number[]>>(
        () => make(() => Sink.collect<number>()),
        (s) =>
          s.elements.length === 0
            ? { rejects: s.end === 'fail' ? supplyFailed : never }
            : s.end === 'complete'
              ? { resolves: s.elements as unknown as Promise<number[]> }
              : { rejects: supplyFailed },
      ))
  })

  describe('model', () => {
    it('the inner sink sees exactly the input, like Sink.collect would', async () => {
      await fc.assert(
        fc.asyncProperty(ints(30).filter((xs) => xs.length > 0), async (xs) => {
          expect(await (await Source.from(xs).runWith(make(() => Sink.collect<number>())))).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects with NeverMaterializedError for an empty stream, without creating the sink', async () => {
      let created = 0
      const [up, mat] = probeSink(make(() => (created++, Sink.collect<number>())))
      up.sendComplete()
      const err = await mat.catch((e: unknown) => e)
      expect(err).toBeInstanceOf(NeverMaterializedError)
      expect((err as Error).message).toBe('lazyFutureSink: the stream completed before the first element, so the sink was never created')
      expect(created).toBe(0)
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => lazyFutureSink(null as never), TypeError, 'lazyFutureSink(factory): expected a function, got null')
      expectBuildError(() => Sink.lazyFutureSink('x' as never), TypeError, 'lazyFutureSink(factory): expected a function, got "x"')
    })

    it('holds the first element and asks for no more while the sink is pending', async () => {
      let resolve: (s: SinkGraph<number, Promise<number[]>>) => void = () => {}
      const [up, mat] = probeSink(lazyFutureSink(() => new Promise<SinkGraph<number, Promise<number[]>>>((r) => (resolve = r))))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectNoRequest(20)
      resolve(Sink.collect<number>())
      await up.expectRequest()
      up.sendNext(2).sendComplete()
      expect(await (await mat)).toEqual([1, 2])
    })

    it('fails the inner sink with an upstream failure', async () => {
      const boom = new Error('boom')
      const [up, mat] = probeSink(make(() => Sink.collect<number>()))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendError(boom)
      await expect(mat).rejects.toBe(boom)
    })

    it('cancels upstream when the inner sink cancels', async () => {
      const upstream = trackedEndless()
      const inner = await upstream.source.runWith(make(() => Sink.head<number>() as unknown as SinkGraph<number, Promise<number[]>>))
      expect(await inner).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(upstream.tracking.finallyRan).toBe(true)
    })

    it('rejects and cancels upstream when the sink cannot be created', async () => {
      const boom = new Error('no sink')
      const upstream = tracked([1, 2, 3])
      const err = await upstream.source.runWith(lazyFutureSink<number, unknown>(() => Promise.reject(boom))).catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(upstream.tracking.finallyRan).toBe(true)
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion and failure', async () => {
      const done = tracked([1, 2, 3])
      expect(await (await done.source.runWith(make(() => Sink.collect<number>())))).toEqual([1, 2, 3])
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runWith(make(() => Sink.collect<number>()))).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
    })
  })
})
