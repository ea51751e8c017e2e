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
})
