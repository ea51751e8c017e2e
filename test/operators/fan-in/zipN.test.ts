import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source, ZipN, ZipWithN } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { demandSchedule } from '../../../src/testkit/index.js'
import { expectInputsRespected, input, inputSpecs, RUNS, smallInts } from '../../support/graphs.js'

describe('zipN / zipWithN', () => {
  // 1. demand, 2. model
  it('keeps the demand contract and emits the columns of its inputs, as long as the shortest', () =>
    fc.assert(
      fc.asyncProperty(fc.array(inputSpecs(smallInts), { minLength: 1, maxLength: 4 }), demandSchedule(), async (specs, schedule) => {
        const inputs = specs.map((s) => input(s))
        const run = await runScheduled(
          Source.zipN(inputs.map((i) => i.source)),
          schedule,
        )
        expect(run.violations).toEqual([])
        expect(run.outcome).not.toBe('stalled')
        expectInputsRespected(inputs.map((i) => i.stats))
        const n = Math.min(...specs.map((s) => s.elements.length))
        const columns = Array.from({ length: n }, (_, i) => specs.map((s) => s.elements[i]!))
        expect(run.elements).toEqual(columns.slice(0, run.elements.length))
        if (run.outcome === 'completed') expect(run.elements.length).toBe(n)
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('combines with f, and rejects bad arguments', async () => {
    expect(await Source.zipWithN([Source.from([1, 2]), Source.from([10, 20])], (xs) => xs[0]! + xs[1]!).runCollect()).toEqual([11, 22])
    expect(await Source.zipN<number>([]).runCollect()).toEqual([])
    expectBuildError(() => ZipN.create(0), RangeError, 'ZipN.create(inputs): expected a positive integer, got 0')
    expectBuildError(() => ZipWithN.create(2, 1 as never), TypeError, 'ZipWithN.create(f): expected a function, got 1')
  })

  it('fails when an input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.zipN([Source.single(1), Source.failed<number>(boom)]).runCollect().catch((e: unknown) => e)).toBe(boom)
  })
})
