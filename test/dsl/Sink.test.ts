/** The Sink blueprint itself: wrapping, contramap and running a source into it. */
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../src/index.js'
import { expectBuildError } from '../support/operators.js'

describe('Sink', () => {
  it('wraps any one-inlet graph with fromGraph, and returns a Sink unchanged', async () => {
    const collect = Sink.collect<number>()
    expect(Sink.fromGraph(collect)).toBe(collect)
    const wrapped = Sink.fromGraph<number, Promise<number[]>>({ module: collect.module })
    expect(await Source.from([1]).runWith(wrapped)).toEqual([1])
  })

  it('refuses a graph that is not a sink', () => {
    expectBuildError(() => new Sink(Source.single(1).module), TypeError, 'Sink: expected a graph with 1 inlet and 0 outlets, got 0 and 1')
  })

  it('contramap adapts its input, keeping its materialized value', async () => {
    const lengths = Sink.fold<number, number>(0, (a, n) => a + n).contramap((s: string) => s.length)
    expect(await Source.from(['ab', 'cde']).runWith(lengths)).toBe(5)
  })

  it('runWith(source) runs a source into it and returns its value', async () => {
    expect(await Sink.collect<number>().runWith(Source.range(1, 3))).toEqual([1, 2, 3])
  })

  it('is reusable: each run gets its own state', async () => {
    const sink = Sink.collect<number>()
    expect(await Source.from([1]).runWith(sink)).toEqual([1])
    expect(await Source.from([2]).runWith(sink)).toEqual([2])
  })
})
