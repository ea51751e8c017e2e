/**
 * The laws lazySink, lazyFutureSink and futureSink share (one stage runs all three): demand,
 * the Array model, upstream failure and cancel reaching the inner sink, a sink that cannot be
 * created, and cleanup. Each operator's test file adds its own edges.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../../src/index.js'
import type { SinkGraph } from '../../../../src/core/Graph.js'
import { NeverMaterializedError } from '../../../../src/operators/sink/NeverMaterializedError.js'
import { ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../../support/operators.js'

type Make = (inner: () => SinkGraph<number, Promise<number[]>>) => SinkGraph<number, Promise<Promise<number[]>>>
const never = (e: unknown): boolean => e instanceof NeverMaterializedError

/** `make` wraps an inner sink factory in the operator; `unbuildable(boom)` is the operator whose sink cannot be created. */
export function lazySinkLaws(make: Make, unbuildable: (boom: Error) => SinkGraph<number, Promise<unknown>>): void {
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

  describe('edges (shared)', () => {
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
      const err = await upstream.source.runWith(unbuildable(boom)).catch((e: unknown) => e)
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
}
