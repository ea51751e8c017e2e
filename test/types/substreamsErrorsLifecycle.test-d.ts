/**
 * Type inference of the substream, error, restart and lifecycle operators (vitest typecheck;
 * also checked by `npm run typecheck`).
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { FlowMonitor, RunnableGraph, SharedKillSwitch, SubFlow, UniqueKillSwitch } from '../../src/index.js'
import {
  Flow,
  Keep,
  KillSwitches,
  RestartFlow,
  RestartSink,
  RestartSource,
  Sink,
  Source,
  type MaybeHandle,
  type NotUsed,
} from '../../src/index.js'

const numbers = Source.range(1, 3)
const settings = { minBackoff: 10, maxBackoff: 100, randomFactor: 0.2 }

describe('substreams', () => {
  it('flatten operators take the inner element type', () => {
    expectTypeOf(numbers.flatMapConcat((x) => Source.single(`${x}`))).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.flatMapMerge(2, (x) => Source.from([x, x]))).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.switchMap((x) => Source.single({ x }))).toEqualTypeOf<Source<{ x: number }, NotUsed>>()
    expectTypeOf(Flow.create<string>().flatMapConcat((s) => Source.single(s.length))).toEqualTypeOf<Flow<string, number, NotUsed>>()
  })

  it('a SubFlow keeps the parent kind and returns to it', () => {
    const sub = numbers.groupBy(4, (x) => x % 2)
    expectTypeOf(sub).toEqualTypeOf<SubFlow<number, number, NotUsed, never, 'source'>>()
    expectTypeOf(sub.map((x) => `${x}`).mergeSubstreams()).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.splitWhen((x) => x === 0).fold(0, (a, x) => a + x).concatSubstreams()).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(Flow.create<number>().splitAfter((x) => x > 1).grouped(2).mergeSubstreamsWithParallelism(2)).toEqualTypeOf<Flow<number, number[], NotUsed>>()
    expectTypeOf(sub.to(Sink.ignore())).toEqualTypeOf<RunnableGraph<NotUsed>>()
    expectTypeOf(Flow.create<number>().groupBy(2, (x) => x).to(Sink.ignore())).toEqualTypeOf<Sink<number, NotUsed>>()
  })

  it('prefixAndTail hands out a Source; flatMapPrefix takes the flow output type', () => {
    expectTypeOf(numbers.prefixAndTail(2)).toEqualTypeOf<Source<readonly [prefix: number[], tail: Source<number>], NotUsed>>()
    expectTypeOf(numbers.flatMapPrefix(1, () => Flow.create<number>().map(String))).toEqualTypeOf<Source<string, NotUsed>>()
  })
})

describe('errors', () => {
  it('recovery keeps the element type', () => {
    expectTypeOf(numbers.recover(() => 0)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.recoverWith(() => Source.single(1))).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.recoverWithRetries(2, () => undefined).mapError((e) => e).onErrorComplete()).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(Flow.create<number>().map(String).withSupervision(() => 'resume')).toEqualTypeOf<Flow<number, string, NotUsed>>()
  })

  it('restart wrappers return DSL blueprints', () => {
    expectTypeOf(RestartSource.withBackoff(settings, () => numbers)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(RestartFlow.onFailuresWithBackoff(settings, () => Flow.create<string>().map((s) => s.length))).toEqualTypeOf<Flow<string, number, NotUsed>>()
    expectTypeOf(RestartSink.withBackoff(settings, () => Sink.ignore())).toEqualTypeOf<Sink<unknown, NotUsed>>()
    expectTypeOf(Source.unfoldResource(() => [1], (r) => r.pop(), () => {})).toEqualTypeOf<Source<number, NotUsed>>()
  })
})

describe('lifecycle', () => {
  it('materializes the handles', () => {
    expectTypeOf(numbers.viaMat(KillSwitches.single(), Keep.right)).toEqualTypeOf<Source<number, UniqueKillSwitch>>()
    expectTypeOf(numbers.viaMat(KillSwitches.shared('s').flow(), Keep.right)).toEqualTypeOf<Source<number, SharedKillSwitch>>()
    expectTypeOf(numbers.watchTermination(Keep.right)).toEqualTypeOf<Source<number, Promise<void>>>()
    expectTypeOf(numbers.monitor(Keep.both)).toEqualTypeOf<Source<number, [NotUsed, FlowMonitor<number>]>>()
    expectTypeOf(Source.maybe<string>()).toEqualTypeOf<Source<string, MaybeHandle<string>>>()
  })
})
