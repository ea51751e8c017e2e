/** The Source blueprint itself: wrapping, composition, attributes, boundaries and the run shortcuts. */
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Keep, RunnableGraph, Sink, Source } from '../../src/index.js'
import { flowOf, sourceOf } from '../../src/core/index.js'
import { LinearStage, SourceStage } from '../../src/core/StageLogic.js'
import { expectBuildError } from '../support/operators.js'

class Twice extends SourceStage<string> {
  private n = 0
  onPull(): void {
    this.push(this.out, `x${this.n++}`)
    if (this.n === 2) this.completeStage()
  }
}
class Upper extends LinearStage<string, string> {
  onPush(): void {
    this.push(this.out, this.grab(this.in).toUpperCase())
  }
}

describe('Source', () => {
  it('wraps any one-outlet graph with fromGraph, and returns a Source unchanged', async () => {
    const graph = sourceOf<string>('twice', () => new Twice())
    const source = Source.fromGraph(graph)
    expect(await source.runCollect()).toEqual(['x0', 'x1'])
    expect(Source.fromGraph(source)).toBe(source)
  })

  it('refuses a graph that is not a source', () => {
    expectBuildError(() => new Source(flowOf('f', () => new Upper()).module), TypeError, 'Source: expected a graph with 0 inlets and 1 outlet, got 1 and 1')
  })

  it('accepts any flow graph in via, not only Flow', async () => {
    expect(await Source.fromGraph(sourceOf<string>('twice', () => new Twice())).via(flowOf<string, string>('upper', () => new Upper())).runCollect()).toEqual([
      'X0',
      'X1',
    ])
  })

  it('names its stages with named() (errors say so)', async () => {
    const err = await Source.single(1)
      .map(() => {
        throw new Error('x')
      })
      .named('step-7')
      .runCollect()
      .catch((e: unknown) => e)
    expect(failedStage(err)?.stage).toBe('step-7')
  })

  it('checks the buffer size of async() at build time', () => {
    expectBuildError(() => Source.single(1).async({ bufferSize: 0 }), RangeError, 'async(bufferSize): expected a positive integer, got 0')
    expectBuildError(() => Flow.create<number>().async({ bufferSize: 1.5 }), RangeError, 'async(bufferSize): expected a positive integer, got 1.5')
  })

  it('runs the shortcuts with run options (a virtual scheduler reaches the stages)', async () => {
    const { VirtualScheduler } = await import('../../src/core/Scheduler.js')
    const scheduler = new VirtualScheduler()
    let seen: unknown = null
    class Clock extends SourceStage<number> {
      onPull(): void {
        seen = this.scheduler
        this.push(this.out, 1)
        this.completeStage()
      }
    }
    expect(await Source.fromGraph(sourceOf<number>('clock', () => new Clock())).runCollect({ scheduler })).toEqual([1])
    expect(seen).toBe(scheduler)
  })

  it('refuses to run a graph that is not closed', () => {
    const open = new RunnableGraph(Source.single(1).module)
    expectBuildError(
      () => open.run(),
      TypeError,
      'run(): the graph is not closed: 0 open inlet(s) and 1 open outlet(s); connect a Source and a Sink first',
    )
  })

  it('keeps the left value with to(), the right with runWith(), as Keep.left / Keep.right', () => {
    const source = Source.single(1).mapMaterializedValue(() => 'L')
    const sink = Sink.ignore().mapMaterializedValue(() => 'R')
    expect(source.to(sink).run()).toBe('L')
    expect(source.runWith(sink)).toBe('R')
    expect(source.toMat(sink, Keep.both).run()).toEqual(['L', 'R'])
  })
})
