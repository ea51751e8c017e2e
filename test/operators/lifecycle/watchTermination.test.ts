import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../../src/index.js'
import { watchTermination } from '../../../src/operators/lifecycle/watchTermination.js'
import { demandInvariant, demandSchedule, equivalentTo, failingAt, runScheduled, TestSink, TestSource } from '../../../src/testkit/index.js'
import { flowCleanup, ints, RUNS } from '../../support/operators.js'

describe('watchTermination', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(watchTermination<number>(), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('passes elements unchanged', async () => {
      await equivalentTo(watchTermination<number>(), (xs) => xs, { input: ints(), numRuns: RUNS })
    })

    it('settles exactly as the stream ends at that point: completion, failure or cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.option(fc.nat(25), { nil: undefined }), demandSchedule(), async (input, failAt, schedule) => {
          let done: Promise<void> = Promise.resolve()
          const upstream = failAt === undefined ? Source.from(input) : failingAt(failAt).source(input)
          const run = await runScheduled(upstream.viaMat(watchTermination(), Keep.right).mapMaterializedValue((p) => { done = p }), schedule)
          expect(run.violations).toEqual([])
          const settled = await done.then(() => 'resolved', (e: unknown) => e)
          if (run.outcome === 'failed') expect(settled).toBe(run.error)
          else expect(settled).toBe('resolved')
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects when downstream cancels with an error', async () => {
      const boom = new Error('cancelled with a cause')
      const [done, down] = Source.never<number>().watchTermination(Keep.right).toMat(TestSink.probe<number>(), Keep.both).run()
      down.cancel(boom)
      await expect(done).rejects.toBe(boom)
    })

    it('resolves on an empty stream and on plain cancel', async () => {
      const [done] = Source.empty<number>().watchTermination(Keep.right).toMat(Sink.ignore(), Keep.both).run()
      await expect(done).resolves.toBeUndefined()
      const [up, [done2, down]] = TestSource.probe<number>()
        .toMat(Flow.create<number>().watchTermination(Keep.right).toMat(TestSink.probe<number>(), Keep.both), Keep.both)
        .run()
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await expect(done2).resolves.toBeUndefined()
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => watchTermination<number>(), [1, 2, 3])
    })
  })
})
