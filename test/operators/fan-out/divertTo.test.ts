import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, expectPrefixModel, input, RUNS, smallInts } from '../../support/graphs.js'

describe('divertTo', () => {
  // 1. demand, 2. model
  it('keeps the demand contract, diverting the matching elements to the sink', () =>
    fc.assert(
      fc.asyncProperty(fc.array(smallInts, { maxLength: 15 }), async (xs) => {
        const diverted: number[] = []
        const inp = input(xs)
        const even = (x: number): boolean => x % 2 === 0
        const run = await runScheduled(inp.source.divertTo(Sink.forEach((x: number) => void diverted.push(x)), even), [{ request: 2 }, { request: 100 }])
        expect(run.violations).toEqual([])
        expectPrefixModel(run, xs.filter((x) => !even(x)))
        expect(diverted).toEqual(xs.filter(even))
        expectInputsRespected([inp.stats])
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects a non-function and fails when the predicate throws', async () => {
    expectBuildError(() => Source.single(1).divertTo(Sink.ignore(), 1 as never), TypeError, 'divertTo(predicate): expected a function, got 1')
    const boom = new Error('p')
    const err = await Source.single(1)
      .divertTo(Sink.ignore(), () => {
        throw boom
      })
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
  })

  it('cancels upstream when the diverted-to sink cancels', async () => {
    const inp = input({ elements: [1, 2], end: 'never' })
    await runScheduled(inp.source.divertTo(Sink.cancelled(), () => true), [{ request: 5 }])
    expect(inp.stats.cancelled).toBe(true)
  })

  it('divertToMat combines the materialized values (Keep.right: the diverted sink\'s)', async () => {
    const [odd, even] = Source.from([1, 2, 3, 4]).divertToMat(Sink.collect<number>(), (x) => x % 2 === 1, Keep.right).toMat(Sink.collect<number>(), (l, r) => [l, r] as const).run()
    expect(await odd).toEqual([1, 3])
    expect(await even).toEqual([2, 4])
  })
})
