import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../../src/index.js'
import { preMaterialize } from '../../../src/operators/source/preMaterialize.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectClean, expectModel, ints, RUNS, tracked, trackedEndless } from '../../support/operators.js'

describe('preMaterialize (source)', () => {
  describe('demand', () => {
    it('the returned source never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (xs, schedule) => {
          const [, source] = preMaterialize(Source.from(xs))
          expectModel(await runScheduled(source, schedule), xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('the returned source emits what the original would, and the value is there before it runs', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), async (xs) => {
          const [mat, source] = Source.from(xs).mapMaterializedValue(() => xs.length).preMaterialize()
          expect(mat).toBe(xs.length)
          expect(await source.runCollect()).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('hands out a live handle: elements offered before the rest of the graph exists arrive', async () => {
      const [queue, source] = Source.queue<number>(4).preMaterialize()
      expect(queue.offer(1)).toBe('enqueued')
      queue.complete()
      expect(await source.runCollect()).toEqual([1])
    })

    it('backpressures the running source until the returned source is run', async () => {
      const { source: upstream, tracking } = tracked([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      const [, source] = upstream.preMaterialize()
      await new Promise((r) => setTimeout(r, 5))
      expect(tracking.emitted).toBeLessThan(10)
      expect(await source.runCollect()).toHaveLength(10)
    })

    it('passes a failure on', async () => {
      const boom = new Error('boom')
      const [, source] = Source.failed<number>(boom).preMaterialize()
      expect(await source.runCollect().catch((e: unknown) => e)).toBe(boom)
    })
  })

  describe('cleanup', () => {
    it('cancelling the returned source stops the running source', async () => {
      const { source: upstream, tracking } = trackedEndless()
      const [, source] = upstream.preMaterialize()
      const run = await runScheduled(source, [{ request: 2 }, { cancel: true }])
      expectClean(run, 'cancelled')
      await new Promise((r) => setTimeout(r, 5))
      expect(tracking.finallyRan).toBe(true)
    })
  })
})

describe('preMaterialize (sink)', () => {
  it('the value is there before the sink is fed, and the returned sink feeds it (demand and model)', async () => {
    await fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const [result, sink] = Sink.collect<number>().preMaterialize()
        const { source, tracking } = tracked(xs)
        source.runWith(sink)
        expect(await result).toEqual(xs)
        await new Promise((r) => setTimeout(r, 0))
        expect(tracking.finallyRan).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('passes a failure to the running sink, and a cancel from it back to the source', async () => {
    const boom = new Error('boom')
    const [result, sink] = Sink.fold<number, number>(0, (a, x) => a + x).preMaterialize()
    Source.failed<number>(boom).runWith(sink)
    await expect(result).rejects.toBe(boom)
    const [first, headSink] = Sink.head<number>().preMaterialize()
    const endless = trackedEndless()
    endless.source.runWith(headSink)
    expect(await first).toBe(0)
    await new Promise((r) => setTimeout(r, 5))
    expect(endless.tracking.finallyRan).toBe(true)
  })
})
