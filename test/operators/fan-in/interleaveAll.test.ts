import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { interleaveAll } from '../../../src/operators/fan-in/interleaveAll.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, input, inputSpecs, RUNS, smallInts, twoInputLaw } from '../../support/graphs.js'

/** Round-robin by segments; an exhausted input drops out of the rotation. */
function model<T>(inputs: readonly (readonly T[])[], segment: number): T[] {
  const pos = inputs.map(() => 0)
  const out: T[] = []
  for (;;) {
    let any = false
    for (const [i, xs] of inputs.entries()) {
      const take = xs.slice(pos[i], pos[i]! + segment)
      pos[i]! += take.length
      if (take.length > 0) any = true
      out.push(...take)
    }
    if (!any) return out
  }
}

describe('interleaveAll', () => {
  // 1. demand
  it('keeps the demand contract', () => twoInputLaw((a, b) => a.interleaveAll([b, Source.from([7, 8, 9])], 2), smallInts, smallInts))

  // 2. model
  it('takes segmentSize from each input in turn; exhausted inputs drop out', () =>
    fc.assert(
      fc.asyncProperty(fc.array(inputSpecs(smallInts, 6), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), async (specs, segment) => {
        const [first, ...rest] = specs.map((s) => input(s).source)
        const run = await runScheduled(first!.via(interleaveAll(rest, segment)), [{ request: 1e6 }])
        expect(run.elements).toEqual(model(specs.map((s) => s.elements), segment))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments at build time', () => {
    expectBuildError(() => interleaveAll([], 0), RangeError, 'interleaveAll(segmentSize): expected a positive integer, got 0')
    expectBuildError(() => interleaveAll(Source.single(1) as never, 1), TypeError, 'interleaveAll(others): expected an array of sources')
  })

  it('with eagerClose completes when any input completes', async () => {
    const long = input({ elements: [1, 2, 3, 4], end: 'never' })
    const out = await Source.from([10]).interleaveAll([long.source], 1, { eagerClose: true }).runCollect()
    expect(out).toEqual([10]) // the first input completes right after its element
    expect(long.stats.cancelled).toBe(true)
  })

  it('fails when any input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1, 2]).interleaveAll([Source.single(5), Source.failed(boom)], 1).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops every input after completion and after cancel', async () => {
    const a = input({ elements: [1, 2], delays: [3] })
    const b = input({ elements: [3], delays: [4] })
    const run = await runScheduled(a.source.interleaveAll([b.source], 1), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expectInputsRespected([a.stats, b.stats])
    const c = input({ elements: [1, 2], end: 'never' })
    const d = input({ elements: [3, 4], end: 'never' })
    const cancelled = await runScheduled(c.source.interleaveAll([d.source], 1), [{ request: 3 }, { cancel: true }])
    expect(cancelled.outcome).toBe('cancelled')
    expect(c.stats.cancelled && d.stats.cancelled).toBe(true)
  })
})
