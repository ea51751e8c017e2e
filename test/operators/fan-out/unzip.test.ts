import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClosedShape, GraphDSL, Sink, Source, Unzip, UnzipWith } from '../../../src/index.js'
import { TestSink } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { input, RUNS, settle, smallInts } from '../../support/graphs.js'

describe('Unzip / UnzipWith', () => {
  // 2. model
  it('splits pairs into their components, in order', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(smallInts, fc.string({ minLength: 1, maxLength: 2 })), { maxLength: 15 }), async (pairs) => {
        const [ns, ss] = GraphDSL.create([Sink.collect<number>(), Sink.collect<string>()], (b, [n, s]) => {
          const unzip = b.add(Unzip.create<number, string>())
          b.from(Source.from(pairs)).to(unzip)
          b.from(unzip.out0).to(n)
          b.from(unzip.out1).to(s)
          return ClosedShape
        }).run()
        expect(await ns).toEqual(pairs.map((p) => p[0]))
        expect(await ss).toEqual(pairs.map((p) => p[1]))
      }),
      { numRuns: RUNS },
    ))

  // 1. demand + 3. edges
  it('pulls upstream only when both outputs asked, and cancels when either cancels', async () => {
    const inp = input({ elements: [1, 2, 3], end: 'never' })
    const [a, b] = GraphDSL.create([TestSink.probe<number>(), TestSink.probe<string>()], (bld, [s0, s1]) => {
      const split = bld.add(UnzipWith.create((x: number) => [x * 10, `#${x}`] as const))
      bld.from(inp.source).to(split)
      bld.from(split.out0).to(s0)
      bld.from(split.out1).to(s1)
      return ClosedShape
    }).run()
    a.request(2)
    await settle()
    expect(inp.stats.pulls).toBe(0)
    b.request(1)
    await a.expectNext(10)
    await b.expectNext('#1')
    expect(inp.stats.pulls).toBe(1)
    b.cancel()
    await a.expectComplete()
    expect(inp.stats.cancelled).toBe(true)
  })

  it('rejects a non-function and fails with the error f throws', async () => {
    expectBuildError(() => UnzipWith.create(1 as never), TypeError, 'UnzipWith.create(f): expected a function, got 1')
    const boom = new Error('f')
    const [a] = GraphDSL.create([Sink.collect<number>(), Sink.ignore()], (b, [s0, s1]) => {
      const split = b.add(
        UnzipWith.create((): [number, number] => {
          throw boom
        }),
      )
      b.from(Source.single(1)).to(split)
      b.from(split.out0).to(s0)
      b.from(split.out1).to(s1)
      return ClosedShape
    }).run()
    expect(await a.catch((e: unknown) => e)).toBe(boom)
  })
})
