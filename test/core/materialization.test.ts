/**
 * Blueprints and materialized values: a blueprint runs any number of times, each run
 * independent; `Keep.left/right/both/none` and `mapMaterializedValue` pick and shape the value.
 */
import { describe, expect, it } from 'vitest'
import type { RunnableGraph} from '../../src/index.js';
import { Flow, Keep, Sink, Source } from '../../src/index.js'
import { sourceOf } from '../../src/core/index.js'
import { SourceStage } from '../../src/core/StageLogic.js'

/** A source of 1, 2, 3 that materializes a fresh object naming its run. */
let runs = 0
class Counted extends SourceStage<number> {
  private next = 1
  constructor() {
    super()
    this.mat = { run: ++runs }
  }
  onPull(): void {
    this.push(this.out, this.next++)
    if (this.next > 3) this.completeStage()
  }
}
const counted = (): Source<number, { run: number }> => Source.fromGraph(sourceOf<number, { run: number }>('counted', () => new Counted()))

describe('blueprints', () => {
  it('run many times, each run independent (state is per run)', async () => {
    const graph = Source.range(1, 4)
      .scan(0, (a, x) => a + x)
      .statefulMap(
        () => ({ seen: 0 }),
        (s, x: number) => [{ seen: s.seen + 1 }, `${s.seen}:${x}`] as const,
      )
      .toMat(Sink.collect(), Keep.right)
    const results = await Promise.all([graph.run(), graph.run(), graph.run()])
    for (const r of results) expect(r).toEqual(['0:0', '1:1', '2:3', '3:6', '4:10'])
    expect(await graph.run()).toEqual(results[0])
  })

  it('are immutable: adding an operator leaves the original unchanged', async () => {
    const base = Source.range(1, 3)
    const doubled = base.map((x) => x * 2)
    expect(await base.runCollect()).toEqual([1, 2, 3])
    expect(await doubled.runCollect()).toEqual([2, 4, 6])
    expect(await base.runCollect()).toEqual([1, 2, 3])
  })

  it('materialize a fresh value at each run', async () => {
    const graph = counted().toMat(Sink.ignore(), Keep.left)
    const a = graph.run()
    const b = graph.run()
    expect(a).not.toBe(b)
    expect(b.run).toBe(a.run + 1)
  })

  it('run as many concurrent copies as asked, none sharing elements', async () => {
    const flow = Flow.create<number>().map((x) => x * 10).take(2)
    const [x, y] = await Promise.all([Source.from([1, 2, 3]).via(flow).runCollect(), Source.from([7, 8, 9]).via(flow).runCollect()])
    expect(x).toEqual([10, 20])
    expect(y).toEqual([70, 80])
  })
})

describe('materialized values', () => {
  it('toMat with Keep.left, Keep.right, Keep.both and Keep.none', async () => {
    const left = counted().toMat(Sink.collect<number>(), Keep.left).run()
    expect(left).toEqual({ run: expect.any(Number) })

    const right = counted().toMat(Sink.collect<number>(), Keep.right).run()
    expect(await right).toEqual([1, 2, 3])

    const [l, r] = counted().toMat(Sink.collect<number>(), Keep.both).run()
    expect(l.run).toBeGreaterThan(0)
    expect(await r).toEqual([1, 2, 3])

    expect(counted().toMat(Sink.collect<number>(), Keep.none).run()).toBeUndefined()
  })

  it('to keeps the left value, runWith the right one', async () => {
    expect(counted().to(Sink.collect()).run()).toEqual({ run: expect.any(Number) })
    expect(await counted().runWith(Sink.collect())).toEqual([1, 2, 3])
  })

  it('viaMat on a Source combines with the flow value', () => {
    const flow = Flow.create<number>().mapMaterializedValue(() => 'flow')
    const src = counted()
    expect(src.viaMat(flow, Keep.left).to(Sink.ignore()).run()).toEqual({ run: expect.any(Number) })
    expect(src.viaMat(flow, Keep.right).to(Sink.ignore()).run()).toBe('flow')
    const [a, b] = src.viaMat(flow, Keep.both).to(Sink.ignore()).run()
    expect(a.run).toBeGreaterThan(0)
    expect(b).toBe('flow')
    expect(src.viaMat(flow, Keep.none).to(Sink.ignore()).run()).toBeUndefined()
    expect(src.viaMat(flow, (l, r) => `${l.run > 0}/${r}`).to(Sink.ignore()).run()).toBe('true/flow')
  })

  it('viaMat and toMat on a Flow combine with the inner values', async () => {
    const f1 = Flow.create<number>().mapMaterializedValue(() => 1)
    const f2 = Flow.create<number>().map((x) => x + 1).mapMaterializedValue(() => 2)
    const both = f1.viaMat(f2, Keep.both)
    expect(Source.range(1, 2).viaMat(both, Keep.right).to(Sink.ignore()).run()).toEqual([1, 2])
    const sink = f2.toMat(Sink.collect<number>(), Keep.both)
    const [m, done] = Source.range(1, 3).runWith(sink)
    expect(m).toBe(2)
    expect(await done).toEqual([2, 3, 4])
    const [fm, sm] = Source.range(1, 2).runWith(f2.toMat(Sink.collect<number>(), Keep.both).mapMaterializedValue(([a, b]) => [a * 10, b] as const))
    expect(fm).toBe(20)
    expect(await sm).toEqual([2, 3])
    expect(Source.range(1, 2).runWith(f2.to(Sink.collect<number>()))).toBe(2)
  })

  it('mapMaterializedValue transforms the value at each run, on Source, Flow, Sink and RunnableGraph', async () => {
    let calls = 0
    const src = counted().mapMaterializedValue((m) => {
      calls++
      return m.run * 100
    })
    expect(calls).toBe(0) // nothing runs when the blueprint is built
    const v1 = src.to(Sink.ignore()).run()
    const v2 = src.to(Sink.ignore()).run()
    expect(calls).toBe(2)
    expect(v2).toBe(v1 + 100)

    const sink = Sink.collect<number>().mapMaterializedValue((p) => p.then((xs) => xs.length))
    expect(await Source.range(1, 5).runWith(sink)).toBe(5)

    const graph: RunnableGraph<Promise<string>> = Source.range(1, 3)
      .toMat(Sink.collect<number>(), Keep.right)
      .mapMaterializedValue((p) => p.then((xs) => xs.join(',')))
    expect(await graph.run()).toBe('1,2,3')

    const flow = Flow.create<number>().mapMaterializedValue(() => 'f').mapMaterializedValue((s) => `${s}!`)
    expect(Source.single(1).viaMat(flow, Keep.right).to(Sink.ignore()).run()).toBe('f!')
  })

  // A mapMaterializedValue runs at every run even when Keep drops its value (Akka does the same):
  // code like `Source.asSubscriber().mapMaterializedValue((s) => publisher.subscribe(s))` relies on it.
  it('runs a mapMaterializedValue whose value Keep drops (for its side effects)', async () => {
    let ran = 0
    const source = Source.range(1, 3).mapMaterializedValue(() => {
      ran++
      return 'unused'
    })
    expect(await source.runWith(Sink.collect())).toEqual([1, 2, 3])
    source.toMat(Sink.ignore(), Keep.right).run()
    expect(ran).toBe(2)
  })

  it('Sink.contramap keeps the sink value', async () => {
    const sink = Sink.collect<string>().contramap((x: number) => `#${x}`)
    expect(await Source.range(1, 2).runWith(sink)).toEqual(['#1', '#2'])
  })
})
