import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source, ZipWith } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectPrefixModel, input, inputSpecs, RUNS, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('zipWith', () => {
  // 1. demand
  it('keeps the demand contract', () =>
    twoInputLaw((a, b) => a.zipWith(b, (x, y) => x * 100 + y), smallInts, smallInts, (run, a, b) =>
      expectPrefixModel(
        run,
        a.elements.slice(0, Math.min(a.elements.length, b.elements.length)).map((x, i) => x * 100 + b.elements[i]!),
      ),
    ))

  // 2. model
  it('combines elements at the same position', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), inputSpecs(smallInts), async (sa, sb) => {
        const run = await runScheduled(input(sa).source.zipWith(input(sb).source, (x, y) => x - y), [{ request: 1e6 }])
        const n = Math.min(sa.elements.length, sb.elements.length)
        expect(run.elements).toEqual(sa.elements.slice(0, n).map((x, i) => x - sb.elements[i]!))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects a non-function at build time', () => {
    expectBuildError(() => Source.single(1).zipWith(Source.single(2), 'f' as never), TypeError, 'zipWith(f): expected a function, got "f"')
    expectBuildError(() => ZipWith.create(null as never), TypeError, 'ZipWith.create(f): expected a function, got null')
  })

  it('fails with the error f throws and cancels both inputs', async () => {
    const boom = new Error('f')
    const a = input({ elements: [1, 2], end: 'never' })
    const b = input({ elements: [1, 2], end: 'never' })
    const err = await a.source
      .zipWith(b.source, () => {
        throw boom
      })
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(a.stats.cancelled && b.stats.cancelled).toBe(true)
  })

  it('completes on an empty input', async () => {
    expect(await Source.empty<number>().zipWith(Source.single(1), (x, y) => x + y).runCollect()).toEqual([])
  })
})
