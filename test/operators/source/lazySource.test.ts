import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Keep, Sink, Source } from '../../../src/index.js'
import { lazySource } from '../../../src/operators/source/lazySource.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS, trackedEndless } from '../../support/operators.js'

describe('lazySource (Source.lazy)', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          expectClean(await runScheduled(lazySource(() => Source.from(xs)), schedule))
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits what the inner source emits (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          expectModel(await runScheduled(lazySource(() => Source.from(xs).map((x) => x * 3)), schedule), xs.map((x) => x * 3))
        }),
        { numRuns: RUNS },
      )
    })

    it('materializes a Promise of the inner materialized value, created per run', async () => {
      let created = 0
      const graph = Source.lazy(() => {
        created++
        return Source.single(created).mapMaterializedValue(() => `inner-${created}`)
      }).toMat(Sink.collect<number>(), Keep.both)
      const [mat1, out1] = graph.run()
      expect(await out1).toEqual([1])
      expect(await mat1).toBe('inner-1')
      const [mat2] = graph.run()
      expect(await mat2).toBe('inner-2')
    })
  })

  describe('edges', () => {
    it('does not call the factory before the first pull', async () => {
      let created = 0
      const down = probeSource(
        lazySource(() => {
          created++
          return Source.empty<number>()
        }),
      )
      await down.expectNoMessage(5)
      expect(created).toBe(0)
      down.request(1)
      await down.expectComplete()
      expect(created).toBe(1)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => lazySource(null as never), TypeError, 'lazy(factory): expected a function, got null')
      expectBuildError(() => Source.lazy(Source.single(1) as never), TypeError, 'lazy(factory): expected a function, got an object')
    })

    it('passes a failure of the inner source on', async () => {
      const boom = new Error('inner failed')
      const down = probeSource(lazySource(() => Source.failed<number>(boom)))
      down.request(1)
      expect(await down.expectError()).toBe(boom)
    })

    it('cancels the inner source when downstream cancels mid-stream', async () => {
      const inner = trackedEndless()
      const run = await runScheduled(lazySource(() => inner.source), [{ request: 2 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([0, 1])
      expect(inner.tracking.finallyRan).toBe(true)
    })

    it('rejects its Promise when cancelled before the first pull, without calling the factory', async () => {
      let created = 0
      const [mat] = Source.lazy(() => {
        created++
        return Source.single(1)
      })
        .toMat(Sink.cancelled(), Keep.both)
        .run()
      await expect(mat).rejects.toThrow('lazy: the stream ended before the source was created')
      expect(created).toBe(0)
    })

    it('fails with the error the factory threw, naming lazy, and rejects its Promise with it', async () => {
      const boom = new Error('cannot create')
      const [mat, done] = Source.lazy<number, undefined>(() => {
        throw boom
      })
        .toMat(Sink.collect(), Keep.both)
        .run()
      const err = await done.catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('lazy')
      await expect(mat).rejects.toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('stops every stage, inner ones included, after completion, failure and cancel', async () => {
      expectClean(await runScheduled(lazySource(() => Source.from([1, 2])), [{ request: 5 }]), 'completed')
      expectClean(await runScheduled(lazySource(() => Source.failed(new Error('x'))), [{ request: 5 }]), 'failed')
      const inner = trackedEndless()
      expectClean(await runScheduled(lazySource(() => inner.source), [{ request: 1 }, { cancel: true }]), 'cancelled')
      expect(inner.tracking.finallyRan).toBe(true)
    })
  })
})
