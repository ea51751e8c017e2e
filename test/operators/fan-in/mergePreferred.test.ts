import { describe, expect, it } from 'vitest'
import { GraphDSL, MergePreferred, Source, SourceShape } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { sorted, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('mergePreferred', () => {
  // 1. demand, 2. model (multiset union)
  it('keeps the demand contract and emits the multiset union', () =>
    twoInputLaw(
      (a, b) => a.mergePreferred(b, { prefer: 'other' }),
      smallInts,
      smallInts,
      (run, a, b) => {
        if (run.outcome === 'completed') expect(sorted(run.elements)).toEqual(sorted([...a.elements, ...b.elements]))
      },
    ))

  // 3. edges
  it('serves the preferred input first when both have elements waiting', async () => {
    // a downstream that asks one at a time, after both inputs have answered again
    const oneByOne = Array.from({ length: 6 }, () => [{ pause: 1 }, { request: 1 }]).flat()
    const run = await runScheduled(Source.from([1, 2, 3]).mergePreferred(Source.from([10, 20, 30]), { prefer: 'other' }), oneByOne)
    expect(run.elements).toEqual([10, 20, 30, 1, 2, 3])
    const run2 = await runScheduled(Source.from([1, 2, 3]).mergePreferred(Source.from([10, 20, 30]), { prefer: 'this' }), oneByOne)
    expect(run2.elements).toEqual([1, 2, 3, 10, 20, 30])
  })

  it('requires the preferred side to be named, and a positive number of secondary inlets', () => {
    expectBuildError(() => Source.single(1).mergePreferred(Source.single(2), {} as never), TypeError, "mergePreferred(options): expected { prefer: 'this' | 'other' }, got undefined")
    expectBuildError(() => MergePreferred.create(0), RangeError, 'MergePreferred.create(secondaryInputs): expected a positive integer, got 0')
  })

  it('has a preferred inlet and numbered secondary inlets in graphs', async () => {
    const src = Source.fromGraph(
      GraphDSL.create((b) => {
        const m = b.add(MergePreferred.create<number>(2))
        b.from(Source.from([1, 2])).to(m.preferred)
        b.from(Source.from([3])).to(m.in(0))
        b.from(Source.from([4])).to(m.in(1))
        return SourceShape.of(m.out)
      }),
    )
    expect(sorted(await src.runCollect())).toEqual([1, 2, 3, 4])
  })

  it('completes eagerly when asked to', async () => {
    const out = await Source.from([1]).mergePreferred(Source.repeat(9), { prefer: 'this', eagerComplete: true }).runCollect()
    expect(out).toContain(1)
  })
})
