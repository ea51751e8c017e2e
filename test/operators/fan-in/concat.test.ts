import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Concat, Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, expectPrefixModel, input, inputSpecs, RUNS, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('concat', () => {
  // 1. demand
  it('keeps the demand contract', () =>
    twoInputLaw((a, b) => a.concat(b), smallInts, smallInts, (run, a, b) => expectPrefixModel(run, [...a.elements, ...b.elements])))

  // 2. model
  it('emits the first input, then the second (Array concat)', () =>
    fc.assert(
      fc.asyncProperty(fc.array(inputSpecs(smallInts), { minLength: 1, maxLength: 4 }), async (specs) => {
        const combined = Source.combine(
          specs.map((s) => input(s).source),
          (n) => Concat.create<number>(n),
        )
        const run = await runScheduled(combined, [{ request: 1e6 }])
        expect(run.elements).toEqual(specs.flatMap((s) => [...s.elements]))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments at build time', () => {
    expectBuildError(() => Concat.create(0), RangeError, 'Concat.create(inputs): expected a positive integer, got 0')
  })

  it('does not pull the second input before the first has completed', async () => {
    const first = input({ elements: [1, 2], end: 'never' })
    const second = input([3])
    const run = await runScheduled(first.source.concat(second.source), [{ request: 5 }])
    expect(run.elements).toEqual([1, 2])
    expect(run.outcome).toBe('stalled')
    expect(second.stats.pulls).toBe(0)
  })

  it('handles empty inputs and a second input that completed early', async () => {
    expect(await Source.empty<number>().concat(Source.empty()).runCollect()).toEqual([])
    expect(await Source.empty<number>().concat(Source.from([1])).runCollect()).toEqual([1])
    expect(await Source.from([1]).concat(Source.empty()).runCollect()).toEqual([1])
  })

  it('fails when either input fails, even the second before its turn', async () => {
    const boom = new Error('boom')
    const first = input({ elements: [1], end: 'never' })
    expect(await first.source.concat(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(first.stats.cancelled).toBe(true)
  })

  it('cancels both inputs when downstream cancels', async () => {
    const a = input({ elements: [1, 2, 3], end: 'never' })
    const b = input([4])
    const run = await runScheduled(a.source.concat(b.source), [{ request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([1])
    expect(a.stats.cancelled && b.stats.cancelled).toBe(true)
  })

  // 4. cleanup
  it('stops both inputs after completion', async () => {
    const a = input({ elements: [1], delays: [3] })
    const b = input({ elements: [2], delays: [4] })
    const run = await runScheduled(a.source.concat(b.source), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expect(run.pendingTimers).toBe(0)
    expectInputsRespected([a.stats, b.stats])
  })
})
