import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClosedShape, GraphDSL, Sink, Source, Zip } from '../../../src/index.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectInputsRespected, expectPrefixModel, input, inputSpecs, RUNS, smallInts, twoInputLaw } from '../../support/graphs.js'

const pairs = <A, B>(a: readonly A[], b: readonly B[]): [A, B][] => a.slice(0, Math.min(a.length, b.length)).map((x, i) => [x, b[i]!])

describe('zip', () => {
  // 1. demand
  it('keeps the demand contract', () =>
    twoInputLaw((a, b) => a.zip(b), smallInts, fc.string({ minLength: 1, maxLength: 3 }), (run, a, b) => expectPrefixModel(run, pairs(a.elements, b.elements))))

  // 2. model
  it('equals pairwise pairing and completes with the shorter input', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), inputSpecs(smallInts), async (sa, sb) => {
        const run = await runScheduled(input(sa).source.zip(input(sb).source), [{ request: 1e6 }])
        expect(run.outcome).toBe('completed')
        expect(run.elements).toEqual(pairs(sa.elements, sb.elements))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('pulls each input once per pull of its output', async () => {
    const a = input({ elements: [1, 2, 3], end: 'never' })
    const b = input({ elements: ['a', 'b', 'c'], end: 'never' })
    const run = await runScheduled(a.source.zip(b.source), [{ request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([[1, 'a']])
    expect(a.stats.pulls).toBe(1)
    expect(b.stats.pulls).toBe(1)
  })

  it('completes at once when an input is empty, cancelling the other', async () => {
    const other = input({ elements: [1], end: 'never' })
    expect(await Source.empty<number>().zip(other.source).runCollect()).toEqual([])
    expect(other.stats.cancelled).toBe(true)
  })

  it('zips the last element of an input that completed while it was waiting for its partner', async () => {
    const slow = input({ elements: ['x'], delays: [0] })
    expect(await Source.from([1, 2]).zip(slow.source).runCollect()).toEqual([[1, 'x']])
  })

  it('fails when either input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1]).zip(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('is available as a graph stage with typed inlets', async () => {
    const [out] = GraphDSL.create([Sink.collect<[number, string]>()], (b, [sink]) => {
      const z = b.add(Zip.create<number, string>())
      b.from(Source.from([1, 2])).to(z.in0)
      b.from(Source.from(['a', 'b'])).to(z.in1)
      b.from(z.out).to(sink)
      return ClosedShape
    }).run()
    expect(await out).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
  })

  // 4. cleanup
  it('stops both inputs after a cancel and after completion', async () => {
    const a = input({ elements: [1, 2], end: 'never' })
    const b = input({ elements: [3], delays: [5] })
    const run = await runScheduled(a.source.zip(b.source), [{ request: 5 }])
    expect(run.outcome).toBe('completed')
    expect(run.pendingTimers).toBe(0)
    expectInputsRespected([a.stats, b.stats])
  })
})
