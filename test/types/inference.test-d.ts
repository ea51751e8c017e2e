/**
 * Type inference through chains and materialized-value combinations (vitest typecheck; also
 * checked by `npm run typecheck`).
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { RunnableGraph} from '../../src/index.js';
import { Flow, Keep, Sink, Source, type NotUsed, type Processor, type Publisher, type Subscriber } from '../../src/index.js'

describe('element types flow through chains', () => {
  it('infers each operator result', () => {
    const numbers = Source.range(1, 3)
    expectTypeOf(numbers).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.map((x) => `${x}`)).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.filterMap((x) => (x > 1 ? { x } : undefined))).toEqualTypeOf<Source<{ x: number }, NotUsed>>()
    expectTypeOf(numbers.mapConcat((x) => [x, `${x}`])).toEqualTypeOf<Source<number | string, NotUsed>>()
    expectTypeOf(numbers.scan('', (acc, x) => acc + x)).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.fold([] as number[], (acc, x) => [...acc, x])).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.reduce((a, b) => a + b)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.grouped(2)).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.sliding(2, 1)).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.zipWithIndex()).toEqualTypeOf<Source<[number, number], NotUsed>>()
    expectTypeOf(numbers.take(1).drop(1).takeWhile((x) => x > 0).dropWhile((x) => x < 0).limit(5)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.intersperse(0)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.statefulMap(() => 0, (s, x) => [s + x, String(s)] as const)).toEqualTypeOf<Source<string, NotUsed>>()
  })

  it('narrows with a type guard in filter', () => {
    const mixed = Source.from<number | string>([1, 'a'])
    expectTypeOf(mixed.filter((x): x is string => typeof x === 'string')).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(mixed.filter((x) => x !== 1)).toEqualTypeOf<Source<number | string, NotUsed>>()
  })

  it('keeps the kind: operators on a Flow return a Flow with the same input', () => {
    const f = Flow.create<number>().map((x) => x > 0).filter((b) => b)
    expectTypeOf(f).toEqualTypeOf<Flow<number, boolean, NotUsed>>()
    expectTypeOf(Source.range(1, 2).via(f)).toEqualTypeOf<Source<boolean, NotUsed>>()
    expectTypeOf(Flow.create<string>().via(Flow.fromFunction((s: string) => s.length))).toEqualTypeOf<Flow<string, number, NotUsed>>()
  })

  it('infers the factories', () => {
    expectTypeOf(Source.single('a')).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(Source.empty<number>()).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(Source.from(new Set([1n]))).toEqualTypeOf<Source<bigint, NotUsed>>()
    expectTypeOf(Source.fromPromise(Promise.resolve({ ok: true }))).toEqualTypeOf<Source<{ ok: boolean }, NotUsed>>()
    expectTypeOf(Source.iterate(1, (x) => x * 2)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(Source.unfold(0, (s) => (s < 3 ? ([s + 1, String(s)] as const) : undefined))).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(Source.lazy(() => Source.single(1).mapMaterializedValue(() => 'm' as const))).toEqualTypeOf<Source<number, Promise<'m'>>>()
    expectTypeOf(Source.asSubscriber<number>()).toEqualTypeOf<Source<number, Subscriber<number>>>()
  })

  it('refuses a sink of the wrong element type', () => {
    // @ts-expect-error a Sink<string> cannot take numbers
    Source.range(1, 2).to(Sink.collect<string>())
    // @ts-expect-error the flow expects strings
    Source.range(1, 2).via(Flow.create<string>())
  })
})

describe('materialized values', () => {
  const src = Source.single(1).mapMaterializedValue(() => ({ handle: 1 }))
  const sink = Sink.collect<number>()

  it('to and via keep the left value, runWith the sink value', () => {
    expectTypeOf(src.to(sink)).toEqualTypeOf<RunnableGraph<{ handle: number }>>()
    expectTypeOf(src.via(Flow.create<number>()).to(sink).run()).toEqualTypeOf<{ handle: number }>()
    expectTypeOf(src.runWith(sink)).toEqualTypeOf<Promise<number[]>>()
  })

  it('combines with Keep.left, Keep.right, Keep.both and Keep.none', () => {
    expectTypeOf(src.toMat(sink, Keep.left)).toEqualTypeOf<RunnableGraph<{ handle: number }>>()
    expectTypeOf(src.toMat(sink, Keep.right)).toEqualTypeOf<RunnableGraph<Promise<number[]>>>()
    expectTypeOf(src.toMat(sink, Keep.both)).toEqualTypeOf<RunnableGraph<[{ handle: number }, Promise<number[]>]>>()
    expectTypeOf(src.toMat(sink, Keep.none)).toEqualTypeOf<RunnableGraph<NotUsed>>()
    expectTypeOf(src.toMat(sink, (l, r) => ({ l, r }))).toEqualTypeOf<RunnableGraph<{ l: { handle: number }; r: Promise<number[]> }>>()
  })

  it('combines through viaMat on Source and Flow, and toMat on Flow', () => {
    const flow = Flow.create<number>().mapMaterializedValue(() => 'flow' as const)
    expectTypeOf(src.viaMat(flow, Keep.right)).toEqualTypeOf<Source<number, 'flow'>>()
    expectTypeOf(src.viaMat(flow, Keep.both)).toEqualTypeOf<Source<number, [{ handle: number }, 'flow']>>()
    expectTypeOf(flow.viaMat(Flow.create<number>().map(String), Keep.left)).toEqualTypeOf<Flow<number, string, 'flow'>>()
    expectTypeOf(flow.toMat(sink, Keep.both)).toEqualTypeOf<Sink<number, ['flow', Promise<number[]>]>>()
    expectTypeOf(flow.to(sink)).toEqualTypeOf<Sink<number, 'flow'>>()
  })

  it('maps values with mapMaterializedValue on every blueprint', () => {
    expectTypeOf(src.mapMaterializedValue((m) => m.handle)).toEqualTypeOf<Source<number, number>>()
    expectTypeOf(sink.mapMaterializedValue((p) => p.then((xs) => xs.length))).toEqualTypeOf<Sink<number, Promise<number>>>()
    expectTypeOf(src.toMat(sink, Keep.right).mapMaterializedValue((p) => p.then(String))).toEqualTypeOf<RunnableGraph<Promise<string>>>()
  })

  it('types the run shortcuts and the sinks', () => {
    const s = Source.range(1, 3)
    expectTypeOf(s.runCollect()).toEqualTypeOf<Promise<number[]>>()
    expectTypeOf(s.runFold('', (acc, x) => acc + x)).toEqualTypeOf<Promise<string>>()
    expectTypeOf(s.runForEach(() => {})).toEqualTypeOf<Promise<void>>()
    expectTypeOf(s.runReduce((a, b) => a + b)).toEqualTypeOf<Promise<number>>()
    expectTypeOf(s.runWith(Sink.head())).toEqualTypeOf<Promise<number>>()
    expectTypeOf(s.runWith(Sink.headOption())).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(s.runWith(Sink.lastOption())).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(s.runWith(Sink.ignore())).toEqualTypeOf<Promise<void>>()
    expectTypeOf(s.runWith(Sink.cancelled())).toEqualTypeOf<NotUsed>()
    expectTypeOf(s.runWith(Sink.asPublisher())).toEqualTypeOf<Publisher<number>>()
  })

  it('materializes a Processor from a Flow', () => {
    expectTypeOf(Flow.create<number>().map(String).toProcessor()).toEqualTypeOf<RunnableGraph<Processor<number, string>>>()
    expectTypeOf(Flow.create<number>().map(String).toProcessor().run()).toEqualTypeOf<Processor<number, string>>()
  })
})
