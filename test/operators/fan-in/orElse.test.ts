import { describe, expect, it } from 'vitest'
import { GraphDSL, OrElse, Source, SourceShape } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectInputsRespected, expectPrefixModel, input, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('orElse', () => {
  // 1. demand  2. model
  it('keeps the demand contract and emits the primary, or the secondary when the primary is empty', () =>
    twoInputLaw((a, b) => a.orElse(b), smallInts, smallInts, (run, a, b) =>
      expectPrefixModel(run, a.elements.length > 0 ? a.elements : b.elements),
    ))

  // 3. edges
  it('cancels the secondary at the first element of the primary', async () => {
    const secondary = input({ elements: [9], end: 'never' })
    expect(await Source.from([1, 2]).orElse(secondary.source).runCollect()).toEqual([1, 2])
    expect(secondary.stats.cancelled).toBe(true)
    expect(secondary.stats.pulls).toBe(0)
  })

  it('switches to the secondary when the primary completes empty', async () => {
    expect(await Source.empty<number>().orElse(Source.from([0, 1])).runCollect()).toEqual([0, 1])
    expect(await Source.empty<number>().orElse(Source.empty()).runCollect()).toEqual([])
  })

  it('fails when the primary fails, and when the secondary fails in its turn', async () => {
    const boom = new Error('boom')
    expect(await Source.failed<number>(boom).orElse(Source.single(1)).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.empty<number>().orElse(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('is available as a graph stage', async () => {
    const src = Source.fromGraph(
      GraphDSL.create((b) => {
        const o = b.add(OrElse.create<number>())
        b.from(Source.empty<number>()).to(o.in(0))
        b.from(Source.single(5)).to(o.in(1))
        return SourceShape.of(o.out)
      }),
    )
    expect(await src.runCollect()).toEqual([5])
  })

  // 4. cleanup
  it('stops both inputs after a cancel', async () => {
    const a = input<number>({ elements: [], end: 'never' })
    const b = input({ elements: [1, 2], end: 'never' })
    const run = await runScheduled(a.source.orElse(b.source), [{ request: 1 }, { cancel: true }])
    expect(run.outcome).toBe('cancelled')
    expectInputsRespected([a.stats, b.stats])
  })
})
