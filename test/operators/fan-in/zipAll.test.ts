import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, expectPrefixModel, input, smallInts, twoInputLaw } from '../../support/graphs.js'

const model = (a: readonly number[], b: readonly number[]): [number, number][] =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i] ?? -1000, b[i] ?? 1000])

describe('zipAll', () => {
  // 1. demand, 2. model
  it('keeps the demand contract and pads the shorter input', () =>
    twoInputLaw((a, b) => a.zipAll(b, -1000, 1000), smallInts, smallInts, (run, a, b) => expectPrefixModel(run, model(a.elements, b.elements))))

  // 3. edges
  it('pads either side and completes when both have', async () => {
    expect(await Source.from([1, 2, 3]).zipAll(Source.from(['a']), 0, 'z').runCollect()).toEqual([
      [1, 'a'],
      [2, 'z'],
      [3, 'z'],
    ])
    expect(await Source.from([1]).zipAll(Source.from(['a', 'b']), 0, 'z').runCollect()).toEqual([
      [1, 'a'],
      [0, 'b'],
    ])
    expect(await Source.empty<number>().zipAll(Source.empty<string>(), 0, 'z').runCollect()).toEqual([])
  })

  it('rejects null pads at build time', () => {
    expectBuildError(() => Source.single(1).zipAll(Source.single(2), null as never, 1), TypeError, 'zipAll(thisElem): expected a value, got null')
  })

  it('fails when either input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1]).zipAll(Source.failed<number>(boom), 0, 0).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops both inputs after a cancel', async () => {
    const a = input({ elements: [1, 2], end: 'never' })
    const b = input({ elements: [3], end: 'never' })
    const run = await runScheduled(a.source.zipAll(b.source, 0, 0), [{ request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([[1, 3]])
    expectInputsRespected([a.stats, b.stats])
  })
})
