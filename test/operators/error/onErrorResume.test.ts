import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { onErrorResume } from '../../../src/operators/error/onErrorResume.js'
import { demandSchedule, failingAt, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectModel, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('onErrorResume', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(10), demandSchedule(), async (input, k, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(onErrorResume(() => Source.from([7, 8]))), schedule)
          expect(run.violations).toEqual([])
          expect(run.outcome).not.toBe('stalled')
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits the elements before the failure, then the fallback', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.nat(25), ints(5), demandSchedule(), async (input, k, fallback, schedule) => {
          const run = await runScheduled(failingAt(k).source(input).via(onErrorResume(() => Source.from(fallback))), schedule)
          const expected = [...input.slice(0, k), ...fallback] // failingAt fails after the last element when k is past the end
          expectModel(run, expected)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand, and never calls f', async () => {
      let calls = 0
      const [up, down] = probeFlow(onErrorResume<number>(() => (calls++, Source.empty())))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      expect(calls).toBe(0)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => onErrorResume(null as never), TypeError, 'onErrorResume(f): expected a function, got null')
      expectBuildError(() => Source.single(1).onErrorResume('f' as never), TypeError, 'onErrorResume(f): expected a function, got "f"')
    })

    it('resumes only once: a failing fallback fails the stream', async () => {
      const second = new Error('fallback failed')
      const err = await Source.failed<number>(new Error('first'))
        .onErrorResume(() => Source.single(1).concat(Source.failed(second)))
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(second)
    })

    it('passes the failure on when f returns undefined, and hands f the error', async () => {
      const boom = new Error('boom')
      const seen: unknown[] = []
      const err = await Source.failed<number>(boom)
        .onErrorResume((e) => void seen.push(e))
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(seen).toEqual([boom])
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(onErrorResume<number>(() => Source.empty()))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(onErrorResume<number>(() => Source.empty()))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error f threw, naming onErrorResume', async () => {
      const boom = new Error('f failed')
      const [up, down] = probeFlow(
        onErrorResume<number>(() => {
          throw boom
        }),
      )
      down.request(1)
      up.sendError(new Error('first'))
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('onErrorResume')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => onErrorResume<number>(() => Source.from([9])), [1, 2, 3]))
  })
})
