import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { doOnFirst } from '../../../src/operators/simple/doOnFirst.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('doOnFirst', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(doOnFirst<number>(() => {}), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('passes the input on unchanged and calls f once with xs[0] in each run', async () => {
      const calls: number[][] = []
      let current: number[] = []
      await equivalentTo(
        () => {
          current = []
          calls.push(current)
          return doOnFirst<number>((x) => current.push(x))
        },
        (xs) => xs,
        { input: ints(), numRuns: RUNS },
      )
      expect(calls.every((c) => c.length <= 1)).toBe(true)
    })
  })

  describe('edges', () => {
    it('completes an empty stream without any demand and without calling f', async () => {
      let calls = 0
      const [up, down] = probeFlow(doOnFirst<number>(() => void calls++))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      expect(calls).toBe(0)
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => doOnFirst(null as never), TypeError, 'doOnFirst(f): expected a function, got null')
      expectBuildError(() => Source.single(1).doOnFirst(1 as never), TypeError, 'doOnFirst(f): expected a function, got 1')
    })

    it('calls f before the first element is emitted, and only once', async () => {
      const log: string[] = []
      await Source.from([1, 2]).doOnFirst((x) => log.push(`first ${x}`)).runForEach((x) => log.push(`got ${x}`))
      expect(log).toEqual(['first 1', 'got 1', 'got 2'])
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(doOnFirst<number>(() => {}))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(doOnFirst<number>(() => {}))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
    })

    it('fails with the error f threw, naming doOnFirst, without emitting the element', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        doOnFirst<number>(() => {
          throw boom
        }),
      )
      down.request(5)
      up.sendNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('doOnFirst')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => doOnFirst<number>(() => {}), [1, 2, 3]))
  })
})
