import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, expectPrefixModel, input, RUNS, twoInputLaw } from '../../support/graphs.js'

const sortedInts = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 10 }).map((xs) => xs.sort((a, b) => a - b))

describe('mergeSorted', () => {
  // 1. demand
  it('keeps the demand contract', () =>
    twoInputLaw(
      (a, b) => a.mergeSorted(b),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 5 }),
      (run) => expect(run.elements.length).toBeGreaterThanOrEqual(0),
    ))

  // 2. model
  it('merges two sorted inputs into the sorted concatenation', () =>
    fc.assert(
      fc.asyncProperty(sortedInts, sortedInts, async (a, b) => {
        const run = await runScheduled(input(a).source.mergeSorted(input(b).source), [{ request: 1e6 }])
        expectPrefixModel(run, [...a, ...b].sort((x, y) => x - y))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('takes a comparator, and rejects a non-function', async () => {
    expect(await Source.from([5, 3, 1]).mergeSorted(Source.from([4, 2]), (x, y) => y - x).runCollect()).toEqual([5, 4, 3, 2, 1])
    expectBuildError(() => Source.single(1).mergeSorted(Source.single(2), 'x' as never), TypeError, 'mergeSorted(compare): expected a function, got "x"')
  })

  it('passes the rest of one input through once the other completed', async () => {
    expect(await Source.from([1, 2, 3]).mergeSorted(Source.empty()).runCollect()).toEqual([1, 2, 3])
    expect(await Source.empty<number>().mergeSorted(Source.from([1, 2])).runCollect()).toEqual([1, 2])
  })

  it('fails when an input fails or compare throws', async () => {
    const boom = new Error('cmp')
    expect(
      await Source.from([1])
        .mergeSorted(Source.from([2]), () => {
          throw boom
        })
        .runCollect()
        .catch((e: unknown) => e),
    ).toBe(boom)
  })

  // 4. cleanup
  it('stops both inputs after a cancel', async () => {
    const a = input({ elements: [1, 3], end: 'never' })
    const b = input({ elements: [2, 4], end: 'never' })
    const run = await runScheduled(a.source.mergeSorted(b.source), [{ request: 2 }, { cancel: true }])
    expect(run.elements).toEqual([1, 2])
    expectInputsRespected([a.stats, b.stats])
  })
})
