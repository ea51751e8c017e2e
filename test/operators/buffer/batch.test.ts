import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { batch } from '../../../src/operators/buffer/batch.js'
import { demandInvariant } from '../../../src/testkit/index.js'
import { runTimed, timed } from '../../support/timed.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { BatchModel, checkAgainstModel, scripts } from '../../support/probeModel.js'

const seed = (x: number): number[] => [x]
const add = (acc: number[], x: number): number[] => [...acc, x]

describe('batch', () => {
  it('keeps the demand contract', () => demandInvariant(() => batch(3, seed, add), { input: ints(), numRuns: RUNS }))

  it('loses nothing: the batches concatenate to the input', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const out = await Source.from(xs).batch(3, seed, add).runCollect()
        expect(out.flat()).toEqual(xs)
        for (const b of out) expect(b.length).toBeLessThanOrEqual(3)
      }),
      { numRuns: RUNS },
    ))

  it('with a consumer faster than upstream, aggregates nothing (one element each)', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const run = await runTimed(timed(xs.map((x, i) => [i + 1, x] as const), { at: xs.length + 1 }).via(batch(4, seed, add)))
        expect(run.elements).toEqual(xs.map((x) => [x]))
      }),
      { numRuns: RUNS },
    ))

  it('aggregates at most max elements and backpressures exactly when full (model)', () =>
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), scripts(), (max, script) => checkAgainstModel(batch(max, seed, add), new BatchModel(max, () => 1), script)),
      { numRuns: RUNS },
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => batch(0, seed, add), RangeError, 'batch(max): expected a positive integer, got 0')
    expectBuildError(() => batch(1, 1 as never, add), TypeError, 'batch(seed): expected a function, got 1')
    expectBuildError(() => batch(1, seed, null as never), TypeError, 'batch(aggregate): expected a function, got null')
  })

  it('completes an empty stream', async () => {
    expect(await Source.empty<number>().batch(2, seed, add).runCollect()).toEqual([])
  })

  it('fails when seed or aggregate throws, and with an upstream failure', async () => {
    const boom = new Error('boom')
    const [src, sink] = probeFlow(Flow.create<number>().batch(3, seed, (acc, x) => (x === 2 ? (() => { throw boom })() : [...acc, x])))
    src.sendNext(1).sendNext(2)
    expect(await sink.expectError()).toBe(boom)
    expect(await Source.single(1).batch(1, () => { throw boom }, add).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.failed<number>(boom).batch(1, seed, add).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('cancels upstream when downstream cancels', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().batch(3, seed, add))
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => batch(2, seed, add), [1, 2, 3]))
})
