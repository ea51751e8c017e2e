import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Broadcast, ClosedShape, GraphDSL, Keep, Sink, Source } from '../../../src/index.js'
import { TestSink, VirtualScheduler } from '../../../src/testkit/index.js'
import type { SinkProbe } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { expectInputsRespected, input, inputSpecs, nexts, RUNS, settle, smallInts } from '../../support/graphs.js'

/** Runs `src` into a broadcast with `n` probe outputs. */
function broadcastTo<T>(src: Source<T>, n: number, options: { eagerCancel?: boolean } = {}): [SinkProbe<T>, SinkProbe<T>, ...SinkProbe<T>[]] {
  const probes = Array.from({ length: n }, () => TestSink.probe<T>())
  return GraphDSL.create(probes, (b, outs) => {
    const bcast = b.add(Broadcast.create<T>(n, options))
    b.from(src).to(bcast)
    for (const out of outs) b.from(bcast).to(out)
    return ClosedShape
  }).run() as unknown as [SinkProbe<T>, SinkProbe<T>]
}

describe('Broadcast', () => {
  // 1. demand: every output gets every element, and upstream goes at the pace of the slowest
  it('never emits more than each output asked for, and pulls upstream only when all have asked', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 6 }), { minLength: 2, maxLength: 3 }), async (spec, requests) => {
        const scheduler = new VirtualScheduler()
        const inp = input(spec)
        const probes = Array.from({ length: requests.length }, () => TestSink.probe<number>({ scheduler }))
        const outs = GraphDSL.create(probes, (b, sinks) => {
          const bcast = b.add(Broadcast.create<number>(sinks.length))
          b.from(inp.source).to(bcast)
          for (const s of sinks) b.from(bcast).to(s)
          return ClosedShape
        }).run({ scheduler })
        const totals = requests.map((rs) => rs.reduce((a, b) => a + b, 0))
        const rounds = Math.max(...requests.map((r) => r.length))
        for (let r = 0; r < rounds; r++) {
          requests.forEach((rs, k) => rs[r] !== undefined && outs[k]!.request(rs[r]!))
          await scheduler.advance(25)
          await settle(2)
        }
        const least = Math.min(...totals)
        // the slowest output bounds what upstream gave: at most one element beyond its demand is pulled
        expect(inp.stats.pushes).toBeLessThanOrEqual(Math.min(spec.elements.length, least + 1))
        outs.forEach((o, k) => {
          const got = nexts(o)
          expect(got.length).toBeLessThanOrEqual(totals[k]!)
          expect(got).toEqual(spec.elements.slice(0, got.length))
        })
        expectInputsRespected([inp.stats], { stopped: false })
        for (const o of outs) o.cancel()
        await settle(2)
      }),
      { numRuns: RUNS },
    ))

  // 2. model
  it('gives every output the whole stream', () =>
    fc.assert(
      fc.asyncProperty(fc.array(smallInts, { maxLength: 15 }), fc.integer({ min: 1, max: 4 }), async (xs, n) => {
        const sinks = Array.from({ length: n }, () => Sink.collect<number>())
        const results = GraphDSL.create(sinks, (b, outs) => {
          const bcast = b.add(Broadcast.create<number>(n))
          b.from(Source.from(xs)).to(bcast)
          for (const o of outs) b.from(bcast).to(o)
          return ClosedShape
        }).run()
        for (const r of await Promise.all(results)) expect(r).toEqual(xs)
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('rejects a bad number of outputs', () => {
    expectBuildError(() => Broadcast.create(0), RangeError, 'Broadcast.create(outputs): expected a positive integer, got 0')
  })

  it('backpressures the producer while one consumer is slow', async () => {
    const inp = input({ elements: Array.from({ length: 100 }, (_, i) => i), end: 'never' })
    const [fast, slow] = broadcastTo(inp.source, 2)
    fast.request(50)
    slow.request(3)
    await settle()
    expect(nexts(slow)).toEqual([0, 1, 2])
    expect(nexts(fast).length).toBe(3) // held back by the slow one
    expect(inp.stats.pushes).toBeLessThanOrEqual(4)
    slow.request(10)
    await settle()
    expect(nexts(fast).length).toBe(13)
    fast.cancel()
    slow.cancel()
  })

  it('goes on with the others when one output cancels, and cancels upstream when all have', async () => {
    const inp = input({ elements: [1, 2, 3, 4], end: 'never' })
    const [a, b] = broadcastTo(inp.source, 2)
    a.request(1)
    b.request(1)
    await a.expectNext(1)
    await b.expectNext(1)
    a.cancel()
    b.request(3)
    await b.expectNext(2, 3, 4)
    expect(inp.stats.cancelled).toBe(false)
    b.cancel()
    await settle()
    expect(inp.stats.cancelled).toBe(true)
  })

  it('with eagerCancel cancels upstream when the first output cancels', async () => {
    const inp = input({ elements: [1, 2], end: 'never' })
    const [a, b] = broadcastTo(inp.source, 2, { eagerCancel: true })
    a.cancel()
    await b.expectComplete()
    expect(inp.stats.cancelled).toBe(true)
  })

  it('fails every output when upstream fails', async () => {
    const boom = new Error('boom')
    const [a, b] = broadcastTo(Source.failed<number>(boom), 2)
    expect(await a.expectError()).toBe(boom)
    expect(await b.expectError()).toBe(boom)
  })

  // 4. cleanup
  it('stops upstream after completion', async () => {
    const inp = input([1, 2])
    const [a, b] = GraphDSL.create([Sink.collect<number>(), Sink.collect<number>()], (bld, [s0, s1]) => {
      const bc = bld.add(Broadcast.create<number>(2))
      bld.from(inp.source).to(bc)
      bld.from(bc).to(s0)
      bld.from(bc).to(s1)
      return ClosedShape
    }).run()
    expect(await a).toEqual([1, 2])
    expect(await b).toEqual([1, 2])
    expectInputsRespected([inp.stats])
    void Keep
  })
})
