/** The Flow blueprint itself: creation, wrapping, composition and sinks built from flows. */
import { describe, expect, it } from 'vitest'
import { Flow, Keep, Sink, Source } from '../../src/index.js'
import { flowOf, sinkOf } from '../../src/core/index.js'
import { LinearStage, SinkStage } from '../../src/core/StageLogic.js'
import { expectBuildError } from '../support/operators.js'

class Negate extends LinearStage<number, number> {
  onPush(): void {
    this.push(this.out, -this.grab(this.in))
  }
}
class Drain extends SinkStage<number> {
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    this.grab(this.in)
    this.pull(this.in)
  }
}

describe('Flow', () => {
  it('create() passes elements through unchanged', async () => {
    expect(await Source.from([1, 2]).via(Flow.create<number>()).runCollect()).toEqual([1, 2])
  })

  it('fromFunction maps, fromGraph wraps any one-in one-out graph', async () => {
    expect(await Source.from([1, 2]).via(Flow.fromFunction((x: number) => x + 1)).runCollect()).toEqual([2, 3])
    const negate = Flow.fromGraph(flowOf<number, number>('negate', () => new Negate()))
    expect(await Source.from([1, 2]).via(negate).runCollect()).toEqual([-1, -2])
    expect(Flow.fromGraph(negate)).toBe(negate)
  })

  it('refuses a graph that is not a flow', () => {
    expectBuildError(() => new Flow(Source.single(1).module), TypeError, 'Flow: expected a graph with 1 inlet and 1 outlet, got 0 and 1')
  })

  it('composes flows with via and is reusable in several streams', async () => {
    const twiceThenNegate = Flow.create<number>().map((x) => x * 2).via(flowOf<number, number>('negate', () => new Negate()))
    expect(await Source.from([1, 2]).via(twiceThenNegate).runCollect()).toEqual([-2, -4])
    expect(await Source.from([5]).via(twiceThenNegate).runCollect()).toEqual([-10])
  })

  it('turns into a Sink with to() and toMat()', async () => {
    const sink = Flow.create<number>().map((x) => x * 10).toMat(Sink.collect<number>(), Keep.right)
    expect(await Source.from([1, 2]).runWith(sink)).toEqual([10, 20])
    const drained = Flow.create<number>().to(sinkOf<number>('drain', () => new Drain()))
    expect(Source.from([1, 2]).runWith(drained)).toBeUndefined()
  })

  it('can cross an async boundary in the middle', async () => {
    const flow = Flow.create<number>().map((x) => x + 1).async({ bufferSize: 2 }).map((x) => x * 2)
    expect(await Source.range(0, 50).via(flow).runCollect()).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) * 2))
  })
})
