import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { fold } from '../../../src/operators/simple/fold.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

const sum = (acc: number, x: number): number => acc + x

describe('fold (flow)', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(fold(0, sum), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('emits Array.prototype.reduce with the seed, once, at the end (nothing when cancelled first)', () =>
      equivalentTo(
        () => fold<number, number[]>([], (acc, x) => [...acc, x * 2]),
        (xs) => [xs.reduce<number[]>((acc, x) => [...acc, x * 2], [])],
        { input: ints(), numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('emits the seed for an empty stream, when asked for it', async () => {
      const [up, down] = probeFlow(fold(42, sum))
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(42)
      await down.expectComplete()
    })

    it('rejects a non-function at build time', () => {
      expectBuildError(() => fold(0, null as never), TypeError, 'fold(f): expected a function, got null')
      expectBuildError(() => Source.single(1).fold(0, undefined as never), TypeError, 'fold(f): expected a function, got undefined')
    })

    it('pulls all of upstream for one downstream request, and emits only at the end', async () => {
      const [up, down] = probeFlow(fold(0, sum))
      down.request(1)
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await up.expectRequest()
      await down.expectNoMessage(5)
      up.sendComplete()
      await down.expectNext(3)
      await down.expectComplete()
    })

    it('passes an upstream failure on, without a result', async () => {
      const boom = new Error('boom')
      const [up, down] = probeFlow(fold(0, sum))
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectError(boom)
    })

    it('cancels upstream when downstream cancels mid-stream', async () => {
      const [up, down] = probeFlow(fold(0, sum))
      down.request(1)
      up.sendNext(1)
      await up.expectRequest()
      down.cancel()
      await up.expectCancellation()
    })

    it('waits for demand to emit its result after upstream completed', async () => {
      const [up, down] = probeFlow(fold(0, sum))
      up.sendNext(5) // nothing pulls before downstream asks, so this waits in the probe
      up.sendComplete()
      await down.expectNoMessage(5)
      down.request(1)
      await down.expectNext(5)
      await down.expectComplete()
    })

    it('fails with the error f threw, naming fold, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const [up, down] = probeFlow(
        fold(0, (acc: number, x: number) => {
          if (x === 2) throw boom
          return acc + x
        }),
      )
      down.request(1)
      up.sendNext(1).sendNext(2)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('fold')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => fold(0, sum), [1, 2, 3]))
  })
})
