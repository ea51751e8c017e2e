import { describe, expect, it } from 'vitest'
import { failedStage, Keep, Source } from '../../../src/index.js'
import { doOnCancel } from '../../../src/operators/simple/doOnCancel.js'
import { demandInvariant, equivalentTo, runScheduled, TestSink, TestSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS, trackedCycle } from '../../support/operators.js'

describe('doOnCancel', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(doOnCancel<number>(() => {}), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('passes the input on unchanged; f runs once exactly when the run was cancelled', async () => {
      await equivalentTo(doOnCancel<number>(() => {}), (xs) => xs, { input: ints(), numRuns: RUNS })
      for (const n of [0, 1, 3]) {
        const calls: boolean[] = []
        const endless = trackedCycle([1, 2])
        const run = await runScheduled(endless.source.doOnCancel((_c, normal) => calls.push(normal)), [{ request: n }, { cancel: true }])
        expect(run.outcome).toBe('cancelled')
        expect(calls).toEqual([true])
      }
    })
  })

  describe('edges', () => {
    it('does not call f when the stream completes or fails', async () => {
      let calls = 0
      const [up, down] = probeFlow(doOnCancel<number>(() => void calls++))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      await Source.failed(new Error('x')).doOnCancel(() => void calls++).runCollect().catch(() => {})
      expect(calls).toBe(0)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => doOnCancel(null as never), TypeError, 'doOnCancel(f): expected a function, got null')
      expectBuildError(() => Source.single(1).doOnCancel(1 as never), TypeError, 'doOnCancel(f): expected a function, got 1')
    })

    it('tells a normal cancel from one with a cause, before upstream is cancelled', async () => {
      const seen: [unknown, boolean][] = []
      const [up, down] = probeFlow(doOnCancel<number>((cause, normal) => seen.push([cause, normal])))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
      expect(seen).toEqual([[undefined, true]])

      const boom = new Error('downstream failed')
      const failedDownstream: boolean[] = []
      const err = await Source.range(1, 10)
        .doOnCancel((cause, normal) => failedDownstream.push(cause === boom, normal))
        .runForEach((x) => {
          if (x === 2) throw boom
        })
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedDownstream).toEqual([true, false])
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(doOnCancel<number>(() => {}))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(doOnCancel<number>(() => {}))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('cancels upstream with the error f threw, naming doOnCancel, and reports it to the run (downstream is gone)', async () => {
      const boom = new Error('f failed')
      const unhandled: unknown[] = []
      const [up, down] = TestSource.probe<number>()
        .via(
          doOnCancel<number>(() => {
            throw boom
          }),
        )
        .toMat(TestSink.probe<number>(), Keep.both)
        .run({ onUnhandledError: (e) => unhandled.push(e) })
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      expect(await up.expectCancellation()).toBe(boom)
      expect(failedStage(boom)?.stage).toBe('doOnCancel')
      expect(unhandled).toEqual([boom])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => doOnCancel<number>(() => {}), [1, 2, 3]))
  })
})
