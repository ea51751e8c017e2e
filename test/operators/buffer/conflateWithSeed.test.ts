import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { conflateWithSeed } from '../../../src/operators/buffer/conflateWithSeed.js'
import { demandInvariant } from '../../../src/testkit/index.js'
import { runTimed, timed } from '../../support/timed.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { BatchModel, checkAgainstModel, scripts } from '../../support/probeModel.js'

const seed = (x: number): number[] => [x]
const add = (acc: number[], x: number): number[] => [...acc, x]

describe('conflateWithSeed', () => {
  it('keeps the demand contract', () => demandInvariant(() => conflateWithSeed(seed, add), { input: ints(), numRuns: RUNS }))

  it('loses nothing: the aggregates concatenate to the input', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        expect((await Source.from(xs).conflateWithSeed(seed, add).runCollect()).flat()).toEqual(xs)
      }),
      { numRuns: RUNS },
    ))

  it('with a consumer faster than upstream, aggregates nothing (one element each)', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const run = await runTimed(timed(xs.map((x, i) => [i + 1, x] as const), { at: xs.length + 1 }).via(conflateWithSeed(seed, add)))
        expect(run.elements).toEqual(xs.map(seed))
      }),
      { numRuns: RUNS },
    ))

  it('aggregates what arrives while downstream is busy and never backpressures (model)', () =>
    fc.assert(
      fc.asyncProperty(scripts(), (script) => checkAgainstModel(conflateWithSeed(seed, add), new BatchModel(Infinity, () => 1), script)),
      { numRuns: RUNS },
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => conflateWithSeed(null as never, add), TypeError, 'conflateWithSeed(seed): expected a function, got null')
    expectBuildError(() => conflateWithSeed(seed, {} as never), TypeError, 'conflateWithSeed(aggregate): expected a function, got an object')
  })

  it('completes an empty stream', async () => {
    expect(await Source.empty<number>().conflateWithSeed(seed, add).runCollect()).toEqual([])
  })

  it('fails when seed returns nothing, when it throws, and with an upstream failure', async () => {
    const nothing = await Source.single(1).conflateWithSeed(() => undefined as unknown as number[], add).runCollect().catch((e: unknown) => e)
    expect(String(nothing)).toBe('TypeError: conflateWithSeed: seed/aggregate returned undefined')
    const boom = new Error('boom')
    expect(await Source.single(1).conflateWithSeed(() => { throw boom }, add).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.failed<number>(boom).conflateWithSeed(seed, add).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('cancels upstream when downstream cancels', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().conflateWithSeed(seed, add))
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => conflateWithSeed(seed, add), [1, 2, 3]))
})
