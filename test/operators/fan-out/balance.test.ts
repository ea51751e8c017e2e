import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Balance, ClosedShape, GraphDSL, Sink, Source } from '../../../src/index.js'
import { TestSink, VirtualScheduler, type SinkProbe } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, input, nexts, RUNS, settle, smallInts, sorted } from '../../support/graphs.js'

function balanceTo<T>(src: Source<T>, n: number, options: { waitForAllDownstreams?: boolean; eagerCancel?: boolean } = {}, scheduler?: VirtualScheduler): [SinkProbe<T>, SinkProbe<T>, ...SinkProbe<T>[]] {
  const probes = Array.from({ length: n }, () => TestSink.probe<T>(scheduler === undefined ? {} : { scheduler }))
  return GraphDSL.create(probes, (b, outs) => {
    const bal = b.add(Balance.create<T>(n, options))
    b.from(src).to(bal)
    for (const out of outs) b.from(bal).to(out)
    return ClosedShape
  }).run(scheduler === undefined ? {} : { scheduler }) as unknown as [SinkProbe<T>, SinkProbe<T>]
}

describe('Balance', () => {
  // 1. demand
  it('never hands an element to an output that did not request it', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(smallInts, { maxLength: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), { maxLength: 12 }),
        async (xs, script) => {
          const scheduler = new VirtualScheduler()
          const inp = input({ elements: xs, end: 'never' })
          const outs = balanceTo(inp.source, 3, {}, scheduler)
          const asked = [0, 0, 0]
          for (const [k, n] of script) {
            if (n > 0) outs[k]!.request(n)
            asked[k]! += n
            await scheduler.advance(1)
            await settle(1)
          }
          await settle(2)
          const got = outs.map((o) => nexts(o))
          got.forEach((g, k) => expect(g.length).toBeLessThanOrEqual(asked[k]!))
          // together they got a prefix of the input, each element once
          const all = got.flat()
          expect(sorted(all)).toEqual(sorted(xs.slice(0, all.length)))
          // and as much as was asked for, as far as the input goes
          expect(all.length).toBe(Math.min(xs.length, asked[0]! + asked[1]! + asked[2]!))
          expectInputsRespected([inp.stats], { stopped: false })
          for (const o of outs) o.cancel()
          await settle(2)
          expect(inp.stats.cancelled).toBe(true)
        },
      ),
      { numRuns: RUNS },
    ))

  // 2. model
  it('distributes the whole stream, each element to exactly one output', () =>
    fc.assert(
      fc.asyncProperty(fc.array(smallInts, { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), async (xs, n) => {
        const results = GraphDSL.create(
          Array.from({ length: n }, () => Sink.collect<number>()),
          (b, outs) => {
            const bal = b.add(Balance.create<number>(n))
            b.from(Source.from(xs)).to(bal)
            for (const o of outs) b.from(bal).to(o)
            return ClosedShape
          },
        ).run()
        const all = (await Promise.all(results)).flat()
        expect(sorted(all)).toEqual(sorted(xs))
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects a bad number of outputs', () => {
    expectBuildError(() => Balance.create(0), RangeError, 'Balance.create(outputs): expected a positive integer, got 0')
  })

  it('serves the outputs in the order they asked', async () => {
    const [a, b] = balanceTo(Source.from([1, 2, 3, 4]), 2)
    b.request(1)
    await b.expectNext(1)
    a.request(1)
    await a.expectNext(2)
    b.request(2)
    await b.expectNext(3, 4)
    await a.expectComplete()
  })

  it('with waitForAllDownstreams pulls nothing until every output asked', async () => {
    const inp = input([1, 2, 3])
    const [a, b] = balanceTo(inp.source, 2, { waitForAllDownstreams: true })
    a.request(2)
    await settle()
    expect(inp.stats.pulls).toBe(0)
    b.request(1)
    await settle()
    expect(nexts(a).length + nexts(b).length).toBe(3)
  })

  it('keeps going when one output cancels, cancels upstream when all have (or the first, with eagerCancel)', async () => {
    const inp = input({ elements: [1, 2, 3], end: 'never' })
    const [a, b] = balanceTo(inp.source, 2)
    a.cancel()
    b.request(3)
    await b.expectNext(1, 2, 3)
    expect(inp.stats.cancelled).toBe(false)
    b.cancel()
    await settle()
    expect(inp.stats.cancelled).toBe(true)

    const inp2 = input({ elements: [1], end: 'never' })
    const [c] = balanceTo(inp2.source, 2, { eagerCancel: true })
    c.cancel()
    await settle()
    expect(inp2.stats.cancelled).toBe(true)
  })

  it('fails every output when upstream fails', async () => {
    const boom = new Error('boom')
    const [a, b] = balanceTo(Source.failed<number>(boom), 2)
    expect(await a.expectError()).toBe(boom)
    expect(await b.expectError()).toBe(boom)
  })
})
