import { describe, expect, it } from 'vitest'
import { EmptyStreamError, failedStage, Source } from '../../../src/index.js'
import { reduce } from '../../../src/operators/simple/reduce.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const sum = (acc: number, x: number): number => acc + x

describe('reduce (flow)', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(reduce(sum), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('emits Array.prototype.reduce without a seed, once, at the end; fails when empty', () =>
      equivalentTo(reduce((acc: number, x: number) => acc * 31 + x), (xs) => [xs.reduce((acc, x) => acc * 31 + x)], {
        input: ints(),
        numRuns: RUNS,
      }))
  })

  describe('edges', () => {
    it('treats undefined from f as a value, not as "no element yet"', async () => {
      const seen: unknown[] = []
      const f = (acc: number | undefined, x: number | undefined): number | undefined => (seen.push(acc), x === 2 ? undefined : (acc ?? 100) + (x ?? 0))
      expect(await Source.from<number | undefined>([1, 2, 3]).reduce(f).runCollect()).toEqual([103])
      expect(seen).toEqual([1, undefined])
      const err = await Source.from([1, 2]).reduce(() => undefined as unknown as number).runCollect().catch((e: unknown) => e)
      expect(String(err)).toBe('TypeError: reduce: the result is undefined, which a stream cannot emit')
    })

    it('fails an empty stream with EmptyStreamError, without any demand', async () => {
      const [up, down] = probeFlow(reduce(sum))
      up.sendComplete()
      const err = await down.expectSubscriptionAndError(EmptyStreamError)
      expect((err as Error).message).toBe('reduce: the stream completed without any element')
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => reduce(null as never), TypeError, 'reduce(f): expected a function, got null')
      expectBuildError(() => Source.single(1).reduce(true as never), TypeError, 'reduce(f): expected a function, got true')
    })

    it('emits the only element of a one-element stream without calling f', async () => {
      let calls = 0
      const out = await Source.single(7)
        .reduce((a, b) => {
          calls++
          return a + b
        })
        .runCollect()
      expect(out).toEqual([7])
      expect(calls).toBe(0)
    })

    it('passes an upstream failure on, without a result', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(reduce(sum))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(reduce(sum))
      down.request(1)
      up.sendNext(1)
      await up.expectRequest()
      down.cancel()
      await up.expectCancellation()
    })

    it('waits for demand to emit its result after upstream completed', async () => {
      const [up, down] = probeFlow(reduce(sum))
      up.sendNext(2).sendNext(3).sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(5)
      await down.expectComplete()
    })

    it('fails with the error f threw, naming reduce, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        reduce((acc: number, x: number) => {
          if (x === 3) throw boom
          return acc + x
        }),
      )
      down.request(1)
      up.sendNext(1).sendNext(2).sendNext(3)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('reduce')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => reduce(sum), [1, 2, 3]))
  })
})
