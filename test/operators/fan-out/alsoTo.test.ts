import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../../src/index.js'
import { alsoTo } from '../../../src/operators/fan-out/alsoTo.js'
import { runScheduled, TestSink } from '../../../src/testkit/index.js'
import { expectInputsRespected, input, RUNS, settle, smallInts } from '../../support/graphs.js'
import { expectPrefixModel } from '../../support/graphs.js'

describe('alsoTo', () => {
  // 1. demand, 2. model
  it('keeps the demand contract and passes every element on while the sink sees them too', () =>
    fc.assert(
      fc.asyncProperty(fc.array(smallInts, { maxLength: 15 }), async (xs) => {
        const seen: number[] = []
        const inp = input(xs)
        const run = await runScheduled(inp.source.alsoTo(Sink.forEach((x: number) => void seen.push(x))), [{ request: 3 }, { request: 100 }])
        expect(run.violations).toEqual([])
        expectPrefixModel(run, xs)
        expect(seen).toEqual(xs)
        expectInputsRespected([inp.stats])
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('waits for the side sink: a slow sink slows the stream', async () => {
    const [probe, out] = Source.from([1, 2, 3])
      .viaMat(alsoTo(TestSink.probe<number>()), Keep.right)
      .toMat(Sink.collect(), Keep.both)
      .run()
    await settle()
    probe.request(1)
    await probe.expectNext(1)
    await settle()
    probe.request(5)
    await probe.expectNext(2, 3)
    expect(await out).toEqual([1, 2, 3])
  })

  it('cancels upstream when the side sink cancels', async () => {
    const inp = input({ elements: [1, 2, 3], end: 'never' })
    const run = await runScheduled(inp.source.alsoTo(Sink.cancelled()), [{ request: 5 }])
    expect(run.outcome).toBe('completed')
    expect(inp.stats.cancelled).toBe(true)
  })

  it('works on a Flow', async () => {
    const seen: number[] = []
    const f = Flow.create<number>().alsoTo(Sink.forEach((x: number) => void seen.push(x))).map((x) => x * 2)
    expect(await Source.from([1, 2]).via(f).runCollect()).toEqual([2, 4])
    expect(seen).toEqual([1, 2])
  })

  it('alsoToMat combines the materialized values, keeping the sink\'s with Keep.right', async () => {
    const [done, seen] = Source.from([1, 2]).watchTermination(Keep.right).alsoToMat(Sink.collect<number>(), Keep.both).toMat(Sink.ignore(), Keep.left).run()
    await done
    expect(await seen).toEqual([1, 2])
    const flow = Flow.create<number>().alsoToMat(Sink.fold<number, number>(0, (a, x) => a + x), Keep.right)
    const [sum, out] = Source.from([1, 2, 3]).viaMat(flow, Keep.right).toMat(Sink.collect<number>(), Keep.both).run()
    expect(await sum).toBe(6)
    expect(await out).toEqual([1, 2, 3])
  })
})
