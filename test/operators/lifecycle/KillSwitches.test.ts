import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, KillSwitches, Sink, Source, UniqueKillSwitch } from '../../../src/index.js'
import { demandInvariant, equivalentTo, runScheduled, TestSink, TestSource } from '../../../src/testkit/index.js'
import { expectClean, expectReleased, flowCleanup, ints, RUNS, trackedEndless } from '../../support/operators.js'

describe('KillSwitches.single', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(() => KillSwitches.single<number>(), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('passes elements unchanged while not used', async () => {
      await equivalentTo(() => KillSwitches.single<number>(), (xs) => xs, { input: ints(), numRuns: RUNS })
    })

    it('shutdown completes downstream and cancels upstream, at any point', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(10), async (n) => {
          const endless = trackedEndless()
          const [killSwitch, down] = endless.source.viaMat(KillSwitches.single(), Keep.right).toMat(TestSink.probe<number>(), Keep.both).run()
          if (n > 0) {
            down.request(n)
            await down.expectNextN(n)
          }
          killSwitch.shutdown()
          await down.expectComplete()
          await new Promise((r) => setTimeout(r, 0))
          expectReleased(endless.tracking)
        }),
        { numRuns: RUNS / 2 },
      )
    })
  })

  describe('edges', () => {
    it('abort fails downstream with the error and cancels upstream with it', async () => {
      const boom = new Error('abort')
      const [[up, killSwitch], down] = TestSource.probe<number>()
        .viaMat(KillSwitches.single(), Keep.both)
        .toMat(TestSink.probe<number>(), Keep.both)
        .run()
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      killSwitch.abort(boom)
      await down.expectError(boom)
      expect(await up.expectCancellation()).toBe(boom)
    })

    it('only the first call counts', async () => {
      const [killSwitch, done] = Source.never<number>().viaMat(KillSwitches.single(), Keep.right).toMat(Sink.ignore(), Keep.both).run()
      expect(killSwitch).toBeInstanceOf(UniqueKillSwitch)
      killSwitch.shutdown()
      killSwitch.abort(new Error('too late'))
      await expect(done).resolves.toBeUndefined()
    })

    it('is ignored after the stream has ended', async () => {
      const [killSwitch, done] = Source.from([1, 2]).viaMat(KillSwitches.single(), Keep.right).toMat(Sink.collect(), Keep.both).run()
      expect(await done).toEqual([1, 2])
      killSwitch.abort(new Error('after the end'))
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure, cancel and shutdown', async () => {
      await flowCleanup(() => KillSwitches.single<number>(), [1, 2, 3])
      const run = await runScheduled(Source.never<number>().viaMat(KillSwitches.single(), Keep.right).mapMaterializedValue((k) => k.shutdown()), [{ request: 1 }])
      expectClean(run, 'completed')
    })
  })
})
