import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source, type MaybeHandle } from '../../../src/index.js'
import { maybe } from '../../../src/operators/lifecycle/maybe.js'
import { demandSchedule, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { expectClean, expectModel, RUNS } from '../../support/operators.js'

describe('Source.maybe', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(fc.option(fc.integer(), { nil: undefined }), demandSchedule(), async (value, schedule) => {
          let handle: MaybeHandle<number> | undefined
          const source = Source.maybe<number>().mapMaterializedValue((h) => {
            handle = h
            h.complete(value)
          })
          const run = await runScheduled(source, schedule)
          expectClean(run)
          expectModel(run, value === undefined ? [] : [value])
          handle!.complete(1) // ignored: only the first call counts
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('waits for the handle, then emits the value when pulled and completes', async () => {
      const [handle, down] = Source.maybe<string>().toMat(TestSink.probe<string>(), Keep.both).run()
      down.request(1)
      await down.expectNoMessage(10)
      handle.complete('late')
      await down.expectNext('late')
      await down.expectComplete()
    })

    it('holds the value until downstream pulls', async () => {
      const [handle, down] = Source.maybe<number>().toMat(TestSink.probe<number>(), Keep.both).run()
      handle.complete(1)
      await down.expectNoMessage(10)
      down.request(1)
      await down.expectNext(1)
      await down.expectComplete()
    })

    it('completes empty, or fails', async () => {
      const [empty, out] = Source.maybe<number>().toMat(Sink.collect(), Keep.both).run()
      empty.complete()
      expect(await out).toEqual([])
      const boom = new Error('no value')
      const [failing, out2] = Source.maybe<number>().toMat(Sink.collect(), Keep.both).run()
      failing.fail(boom)
      await expect(out2).rejects.toBe(boom)
    })

    it('ignores the handle after downstream cancelled', async () => {
      const [handle, down] = Source.maybe<number>().toMat(TestSink.probe<number>(), Keep.both).run()
      down.cancel()
      handle.complete(5)
      await down.expectNoMessage(10)
      expect(maybe<number>()).toBeDefined()
    })
  })
})
