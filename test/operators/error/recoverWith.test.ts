import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { recoverWith } from '../../../src/operators/error/recoverWith.js'
import { demandInvariant, demandSchedule, failingAt, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectModel, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('recoverWith', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      await demandInvariant(recoverWith<number>(() => Source.single(0)), { input: ints(), numRuns: RUNS / 2 })
    })
  })

  describe('model', () => {
    it('recovers as often as needed: each failing recovery source is recovered again', async () => {
      await fc.assert(
        fc.asyncProperty(ints(8), fc.nat(8), fc.nat(5), demandSchedule(), async (input, k, failures, schedule) => {
          let n = 0
          const recovery = () => (++n <= failures ? failingAt(1).source([n]) : Source.from([n, n]))
          const run = await runScheduled(failingAt(k).source(input).via(recoverWith(recovery)), schedule)
          const recovered = [...Array.from({ length: failures }, (_, i) => i + 1), failures + 1, failures + 1]
          expectModel(run, [...input.slice(0, k), ...recovered])
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects a missing function at build time', () => {
      expectBuildError(() => recoverWith(undefined as never), TypeError, 'recoverWith(f): expected a function, got undefined')
    })

    it('passes the failure on when f returns undefined', async () => {
      const boom = new TypeError('not recoverable')
      const out = Source.failed<number>(boom).recoverWith((e) => (e instanceof RangeError ? Source.single(1) : undefined)).runCollect()
      await expect(out).rejects.toBe(boom)
    })

    it('waits for demand before pulling the recovery source', async () => {
      const [up, down] = probeFlow(recoverWith<number>(() => Source.from([1, 2])))
      up.sendError(new Error('x'))
      await down.expectNoMessage(10)
      down.request(1)
      await down.expectNext(1)
      down.request(1)
      await down.expectNext(2)
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => recoverWith<number>(() => Source.from([1, 2])), [1, 2, 3])
    })
  })
})
