import { describe, expect, it } from 'vitest'
import { MergePrioritized, Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { sorted, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('mergePrioritized', () => {
  // 1. demand, 2. model (multiset union)
  it('keeps the demand contract and emits the multiset union', () =>
    twoInputLaw(
      (a, b) => a.mergePrioritized(b, 3, 1),
      smallInts,
      smallInts,
      (run, a, b) => {
        if (run.outcome === 'completed') expect(sorted(run.elements)).toEqual(sorted([...a.elements, ...b.elements]))
      },
    ))

  // 3. edges
  it('picks the heavier input far more often when both are waiting', async () => {
    // request one at a time with pauses, so both inputs always have an element waiting
    const steps = Array.from({ length: 400 }, () => [{ pause: 1 }, { request: 1 }]).flat()
    const run = await runScheduled(Source.repeat('a').mergePrioritized(Source.repeat('b'), 9, 1), [...steps, { cancel: true }])
    const as = run.elements.filter((x) => x === 'a').length
    // expected 360 of 400 (sd 6); the bound is far out
    expect(as).toBeGreaterThan(300)
    expect(run.elements.length - as).toBeGreaterThan(5)
  })

  it('rejects non-positive priorities', () => {
    expectBuildError(() => MergePrioritized.create([1, 0]), RangeError, 'MergePrioritized.create(priorities): expected positive finite numbers, got 0')
    expectBuildError(() => MergePrioritized.create([]), RangeError, 'MergePrioritized.create(priorities): expected a non-empty array of positive numbers')
    expectBuildError(() => Source.single(1).mergePrioritized(Source.single(1), -1, 1), RangeError, 'mergePrioritized(priorities): expected positive finite numbers, got -1')
  })

  it('with a seed, makes the same choices in every run on a virtual clock; a random source can be given', async () => {
    const steps = Array.from({ length: 60 }, () => [{ pause: 1 }, { request: 1 }]).flat()
    const once = () => runScheduled(Source.repeat('a').mergePrioritized(Source.repeat('b'), 2, 1, { seed: 42 }), [...steps, { cancel: true }])
    const first = (await once()).elements
    expect((await once()).elements).toEqual(first)
    expect(first.filter((x) => x === 'b').length).toBeGreaterThan(0)
    const other = (await runScheduled(Source.repeat('a').mergePrioritized(Source.repeat('b'), 2, 1, { seed: 7 }), [...steps, { cancel: true }])).elements
    expect(other).not.toEqual(first)
    // a random source that always says 0.99 picks the last waiting input
    const last = await runScheduled(Source.repeat('a').mergePrioritized(Source.repeat('b'), 1, 1, { random: () => 0.99 }), [...steps.slice(0, 20), { cancel: true }])
    expect(last.elements.slice(1).every((x) => x === 'b')).toBe(true)
  })

  it('rejects a bad seed or random source', () => {
    expectBuildError(() => Source.single(1).mergePrioritized(Source.single(2), 1, 1, { seed: 1.5 }), RangeError, 'mergePrioritized(options.seed): expected an integer, got 1.5')
    expectBuildError(() => MergePrioritized.create([1, 2], { random: 3 as never }), TypeError, 'MergePrioritized.create(options.random): expected a function, got number')
  })
})
