import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Interleave, Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, expectPrefixModel, input, RUNS, smallInts, twoInputLaw } from '../../support/graphs.js'

/** The Array model: segments of `size` taken in turn; the rest of the longer input at the end. */
function model<T>(inputs: readonly (readonly T[])[], size: number): T[] {
  const out: T[] = []
  const pos = inputs.map(() => 0)
  let k = 0
  while (pos.some((p, i) => p < inputs[i]!.length)) {
    const xs = inputs[k]!
    for (let j = 0; j < size && pos[k]! < xs.length; j++) out.push(xs[pos[k]!++]!)
    k = (k + 1) % inputs.length
  }
  return out
}

describe('interleave', () => {
  // 1. demand
  it('keeps the demand contract', () =>
    twoInputLaw((a, b) => a.interleave(b, 2), smallInts, smallInts, (run, a, b) => expectPrefixModel(run, model([a.elements, b.elements], 2))))

  // 2. model
  it('takes segmentSize elements from each input in turn', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.array(smallInts, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), async (xss, size) => {
        const out = await Source.combine(
          xss.map((xs) => Source.from(xs)),
          (n) => Interleave.create<number>(n, size),
        ).runCollect()
        expect(out).toEqual(model(xss, size))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments at build time', () => {
    expectBuildError(() => Source.single(1).interleave(Source.single(2), 0), RangeError, 'interleave(segmentSize): expected a positive integer, got 0')
    expectBuildError(() => Interleave.create(0, 1), RangeError, 'Interleave.create(inputs): expected a positive integer, got 0')
  })

  it('pulls only the input whose turn it is', async () => {
    const a = input({ elements: [1, 2, 3], end: 'never' })
    const b = input([10, 20])
    const run = await runScheduled(a.source.interleave(b.source, 2), [{ request: 5 }])
    expect(run.elements).toEqual([1, 2, 10, 20, 3])
    expect(run.outcome).toBe('stalled') // a never completes
  })

  it('with eagerClose completes when one input completes', async () => {
    const b = input({ elements: [10, 20, 30], end: 'never' })
    const out = await Source.from([1, 2]).interleave(b.source, 1, { eagerClose: true }).runCollect()
    expect(out).toEqual([1, 10, 2])
    expect(b.stats.cancelled).toBe(true)
  })

  it('fails when an input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1]).interleave(Source.failed(boom), 1).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops its inputs after a cancel', async () => {
    const a = input({ elements: [1, 2], end: 'never' })
    const b = input({ elements: [3, 4], end: 'never' })
    const run = await runScheduled(a.source.interleave(b.source, 1), [{ request: 3 }, { cancel: true }])
    expect(run.elements).toEqual([1, 3, 2])
    expectInputsRespected([a.stats, b.stats])
  })
})
