import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { batchWeighted } from '../../../src/operators/buffer/batchWeighted.js'
import { demandInvariant } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, RUNS } from '../../support/operators.js'
import { BatchModel, checkAgainstModel, scripts } from '../../support/probeModel.js'

const seed = (x: number): number[] => [x]
const add = (acc: number[], x: number): number[] => [...acc, x]
const cost = (x: number): number => x % 4 // 0..3, so that zero-cost and too-heavy elements occur

describe('batchWeighted', () => {
  it('keeps the demand contract', () => demandInvariant(() => batchWeighted(3, (x: number) => Math.abs(x) % 4, seed, add), { input: ints(), numRuns: RUNS }))

  it('loses nothing, and every batch fits within max or is a single heavy element', () =>
    fc.assert(
      fc.asyncProperty(ints(), async (xs) => {
        const out = await Source.from(xs).batchWeighted(3, (x) => Math.abs(x) % 4, seed, add).runCollect()
        expect(out.flat()).toEqual(xs)
        for (const b of out) expect(b.length === 1 || b.reduce((s, x) => s + (Math.abs(x) % 4), 0) <= 3).toBe(true)
      }),
      { numRuns: RUNS },
    ))

  it('aggregates by weight and backpressures exactly when the next element does not fit (model)', () =>
    fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), scripts(), (max, script) =>
        checkAgainstModel(batchWeighted(max, cost, seed, add), new BatchModel(max, cost), script),
      ),
      { numRuns: RUNS },
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => batchWeighted(-1, cost, seed, add), RangeError, 'batchWeighted(max): expected a finite non-negative number, got -1')
    expectBuildError(() => batchWeighted(1, 'c' as never, seed, add), TypeError, 'batchWeighted(cost): expected a function, got "c"')
  })

  it('fails when cost returns a negative number', async () => {
    const err = await Source.from([1, 2]).batchWeighted(3, () => -1, seed, add).runCollect().catch((e: unknown) => e)
    expect(String(err)).toBe('RangeError: batchWeighted: cost must be a non-negative number, got -1')
  })

  it('completes an empty stream', async () => {
    expect(await Source.empty<number>().batchWeighted(2, cost, seed, add).runCollect()).toEqual([])
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => batchWeighted(2, cost, seed, add), [1, 2, 3]))
})
