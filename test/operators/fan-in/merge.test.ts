import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClosedShape, GraphDSL, Merge, Sink, Source, SourceShape } from '../../../src/index.js'
import { demandSchedule, runScheduled, TestSource, VirtualScheduler } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, input, inputSpecs, isSubsequence, RUNS, smallInts, sorted } from '../../support/graphs.js'

const tag = (k: number) => (x: number) => `${k}:${x}`

describe('merge', () => {
  // 1. demand
  it('keeps the demand contract, and asks each input for one element at a time', () =>
    fc.assert(
      fc.asyncProperty(fc.array(inputSpecs(smallInts), { minLength: 1, maxLength: 3 }), demandSchedule(), async (specs, schedule) => {
        const inputs = specs.map((s) => input(s))
        const merged = inputs
          .slice(1)
          .reduce((acc, inp, k) => acc.merge(inp.source.map(tag(k + 1))), inputs[0]!.source.map(tag(0)))
        const run = await runScheduled(merged, schedule)
        expect(run.violations).toEqual([])
        expect(run.outcome).not.toBe('stalled')
        expect(run.pendingTimers).toBe(0)
        expectInputsRespected(inputs.map((i) => i.stats))
        // each input's elements come out in their own order
        specs.forEach((s, k) => {
          const mine = run.elements.filter((e) => e.startsWith(`${k}:`))
          expect(isSubsequence(mine, s.elements.map(tag(k)))).toBe(true)
        })
      }),
      { numRuns: RUNS },
    ))

  // 2. model
  it('emits the multiset union of its inputs, each in its own order', () =>
    fc.assert(
      fc.asyncProperty(fc.array(inputSpecs(smallInts), { minLength: 1, maxLength: 4 }), async (specs) => {
        const sources = specs.map((s, k) => input(s).source.map(tag(k)))
        const run = await runScheduled(Source.mergeAll(sources), [{ request: 1e6 }])
        expect(run.outcome).toBe('completed')
        const expected = specs.flatMap((s, k) => s.elements.map(tag(k)))
        expect(sorted(run.elements)).toEqual(sorted(expected))
        specs.forEach((s, k) => expect(run.elements.filter((e) => e.startsWith(`${k}:`))).toEqual(s.elements.map(tag(k))))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects bad arguments at build time', () => {
    expectBuildError(() => Merge.create(0), RangeError, 'Merge.create(inputs): expected a positive integer, got 0')
    expectBuildError(() => Source.mergeAll('x' as never), TypeError, 'mergeAll(sources): expected an array of sources')
  })

  it('completes at once when every input is empty; mergeAll([]) is empty', async () => {
    expect(await Source.empty<number>().merge(Source.empty()).runCollect()).toEqual([])
    expect(await Source.mergeAll<number>([]).runCollect()).toEqual([])
  })

  it('does not wait for a slow input when another has elements', async () => {
    const scheduler = new VirtualScheduler()
    const slow = input({ elements: [100], delays: [1000] })
    const fast = input([1, 2, 3])
    const out: number[] = []
    const done = slow.source.merge(fast.source).runForEach((x) => out.push(x), { scheduler })
    await scheduler.advance(10)
    expect(out).toEqual([1, 2, 3])
    await scheduler.advance(1000)
    await done
    expect(out).toEqual([1, 2, 3, 100])
  })

  it('fails with the first input failure and cancels the others', async () => {
    const boom = new Error('boom')
    const other = input({ elements: [1], end: 'never' })
    const err = await Source.failed<number>(boom).merge(other.source).runCollect().catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(other.stats.cancelled).toBe(true)
    expect(other.stats.cancelCause).toBe(boom)
  })

  it('cancels every input when downstream cancels mid-stream', async () => {
    const a = input({ elements: [1, 2, 3], end: 'never' })
    const b = input({ elements: [4, 5, 6], end: 'never' })
    const run = await runScheduled(a.source.merge(b.source), [{ request: 2 }, { cancel: true }])
    expect(run.outcome).toBe('cancelled')
    expect(run.elements.length).toBe(2)
    expect(a.stats.cancelled && b.stats.cancelled).toBe(true)
    expectInputsRespected([a.stats, b.stats])
  })

  it('with eagerComplete, completes when one input completes, after what it already holds', async () => {
    const endless = input({ elements: [7, 7, 7, 7, 7, 7], end: 'never' })
    const out = await Source.from([1, 2]).merge(endless.source, { eagerComplete: true }).runCollect()
    expect(out.filter((x) => x !== 7)).toEqual([1, 2])
    expect(endless.stats.cancelled).toBe(true)
    // without it, the merge waits for the other input
    const other = input({ elements: [7], end: 'never' })
    const run = await runScheduled(Source.from([1, 2]).merge(other.source), [{ request: 10 }])
    expect(run.outcome).toBe('stalled')
  })

  it('completes without demand once every input has completed and nothing is held', async () => {
    const [probe, done] = TestSource.probe<number>()
      .merge(Source.empty())
      .toMat(Sink.ignore(), (l, r) => [l, r] as const)
      .run()
    probe.sendComplete()
    await expect(done).resolves.toBeUndefined()
  })

  it('works as a graph stage with several inputs', async () => {
    const src = Source.fromGraph(
      GraphDSL.create((b) => {
        const m = b.add(Merge.create<number>(3))
        b.from(Source.from([1, 2])).to(m.in(0))
        b.from(Source.from([3])).to(m.in(1))
        b.from(Source.from([4, 5])).to(m)
        return SourceShape.of(m.out)
      }),
    )
    expect(sorted(await src.runCollect())).toEqual([1, 2, 3, 4, 5])
    expect(ClosedShape.kind).toBe('closed')
  })

  // 4. cleanup
  it('stops every input and leaves no timer after completion, failure and cancel', async () => {
    for (const [schedule, end] of [
      [[{ request: 100 }], 'complete'],
      [[{ request: 100 }], 'fail'],
      [[{ request: 1 }, { cancel: true }], 'complete'],
    ] as const) {
      const a = input({ elements: [1, 2, 3], delays: [5, 0, 5], end })
      const b = input({ elements: [4, 5], delays: [0, 10] })
      const run = await runScheduled(a.source.merge(b.source), schedule)
      expect(run.violations).toEqual([])
      expect(run.pendingTimers).toBe(0)
      expect(a.stats.stopped && b.stats.stopped).toBe(true)
    }
  })
})
