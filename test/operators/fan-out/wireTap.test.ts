import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { wireTap } from '../../../src/operators/fan-out/wireTap.js'
import { runScheduled, TestSink } from '../../../src/testkit/index.js'
import { expectInputsRespected, expectPrefixModel, input, isSubsequence, RUNS, settle, smallInts } from '../../support/graphs.js'

describe('wireTap', () => {
  // 1. demand, 2. model
  it('keeps the demand contract and passes everything on; the tap sees a subsequence', () =>
    fc.assert(
      fc.asyncProperty(fc.array(smallInts, { maxLength: 15 }), async (xs) => {
        const tapped: number[] = []
        const inp = input(xs)
        const run = await runScheduled(inp.source.wireTap(Sink.forEach((x: number) => void tapped.push(x))), [{ request: 4 }, { request: 100 }])
        expect(run.violations).toEqual([])
        expectPrefixModel(run, xs)
        expect(isSubsequence(tapped, xs)).toBe(true)
        expectInputsRespected([inp.stats])
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('never waits for the tap: elements it did not ask for are not sent to it', async () => {
    const [tap, out] = Source.from([1, 2, 3])
      .viaMat(wireTap(TestSink.probe<number>()), Keep.right)
      .toMat(Sink.collect(), Keep.both)
      .run()
    expect(await out).toEqual([1, 2, 3])
    await settle()
    tap.request(5)
    await tap.expectComplete()
  })

  it('ignores the tap cancelling', async () => {
    expect(await Source.from([1, 2, 3]).wireTap(Sink.cancelled()).runCollect()).toEqual([1, 2, 3])
  })

  it('wireTapMat combines the materialized values (Keep.right: the tap\'s)', async () => {
    const [tapped, out] = Source.from([1, 2]).wireTapMat(Sink.collect<number>(), Keep.right).toMat(Sink.collect<number>(), Keep.both).run()
    expect(await out).toEqual([1, 2])
    const got = await tapped
    expect(isSubsequence(got, [1, 2])).toBe(true)
  })
})
