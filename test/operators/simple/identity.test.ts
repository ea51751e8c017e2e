import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { identity } from '../../../src/operators/simple/identity.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

describe('identity (Flow.create)', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(identity<number>(), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('passes every element on unchanged (a prefix when cancelled)', () =>
      equivalentTo(identity<number>(), (xs) => xs, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('completes an empty stream without any demand', async () => {
      const [up, down] = probeFlow(identity<number>())
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('passes a failure on unchanged', async () => {
      const boom = new Error('boom')
      expect(await Source.failed(boom).via(Flow.create<number>()).runCollect().catch((e: unknown) => e)).toBe(boom)
    })

    it('cancels upstream when downstream cancels', async () => {
      const [up, down] = probeFlow(identity<number>())
      down.request(1)
      await up.expectRequest()
      down.cancel()
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => identity<number>(), [1, 2, 3]))
  })
})
