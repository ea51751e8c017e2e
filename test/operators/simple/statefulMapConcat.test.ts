import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { statefulMapConcat } from '../../../src/operators/simple/statefulMapConcat.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** Emits each element as many times as its position (mod 3), counting in the closure. */
const counting = () => {
  let n = 0
  return (x: number): number[] => Array.from({ length: n++ % 3 }, () => x)
}
const model = (xs: number[]): number[] => xs.flatMap((x, i) => Array.from({ length: i % 3 }, () => x))

describe('statefulMapConcat', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(statefulMapConcat(counting), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('equals Array flatMap with the state threaded through, fresh in each run', () =>
      equivalentTo(statefulMapConcat(counting), model, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand (create still runs once)', async () => {
      let created = 0
      const [up, down] = probeFlow(
        statefulMapConcat(() => {
          created++
          return (x: number) => [x]
        }),
      )
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      expect(created).toBe(1)
    })

    it('rejects bad arguments: create at build time, what create returns at start', async () => {
      expectBuildError(() => statefulMapConcat(null as never), TypeError, 'statefulMapConcat(create): expected a function, got null')
      expectBuildError(() => Source.single(1).statefulMapConcat(2 as never), TypeError, 'statefulMapConcat(create): expected a function, got 2')
      const err = await Source.single(1)
        .statefulMapConcat(() => 'nope' as never)
        .runCollect()
        .catch((e: unknown) => e)
      expect(String(err)).toBe('TypeError: statefulMapConcat(create): expected create to return a function, got string')
    })

    it('emits an iterable one element per pull and asks upstream only once it is exhausted', async () => {
      const [up, down] = probeFlow(statefulMapConcat(() => (x: number) => [x, x]))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.request(1)
      await down.expectNext(1)
      await up.expectRequest()
    })

    it('drains the current iterable after upstream completes', async () => {
      const [up, down] = probeFlow(statefulMapConcat(() => (x: number) => [x, x, x]))
      down.request(1)
      up.sendNext(7).sendComplete()
      await down.expectNext(7)
      down.request(5)
      await down.expectNext(7, 7)
      await down.expectComplete()
    })

    it('passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(statefulMapConcat(counting))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream, and returns the iterator', async () => {
      let returned = false
      const gen = function* (x: number): Generator<number> {
        try {
          yield x
          yield x
        } finally {
          returned = true
        }
      }
      const [up, down] = probeFlow(statefulMapConcat(() => gen))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
      expect(returned).toBe(true)
    })

    it('fails with the error the function threw, naming statefulMapConcat, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        statefulMapConcat(() => (x: number) => {
          if (x === 2) throw boom
          return [x]
        }),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('statefulMapConcat')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => statefulMapConcat(counting), [1, 2, 3]))
  })
})
