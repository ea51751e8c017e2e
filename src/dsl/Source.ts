import type { Attributes } from '../core/Attributes.js'
import type { FlowGraph, NotUsed, SinkGraph, SourceGraph } from '../core/Graph.js'
import { keepLeft, keepRight, type Module } from '../core/Module.js'
import type { RunOptions } from '../core/materialize.js'
import { asSubscriber } from '../operators/source/asSubscriber.js'
import { empty } from '../operators/source/empty.js'
import { failed } from '../operators/source/failed.js'
import { from, type SourceInput } from '../operators/source/from.js'
import { fromAsyncIterable } from '../operators/source/fromAsyncIterable.js'
import { fromIterable } from '../operators/source/fromIterable.js'
import { fromPromise } from '../operators/source/fromPromise.js'
import { fromPublisher, type SubscriberOptions } from '../operators/source/fromPublisher.js'
import { iterate } from '../operators/source/iterate.js'
import { lazySource } from '../operators/source/lazySource.js'
import { never } from '../operators/source/never.js'
import { range } from '../operators/source/range.js'
import { repeat } from '../operators/source/repeat.js'
import { single } from '../operators/source/single.js'
import { unfold } from '../operators/source/unfold.js'
import { unfoldAsync } from '../operators/source/unfoldAsync.js'
// ---- operators of 0.2.0 ----
import { cycle } from '../operators/source/cycle.js'
import { fromIterator } from '../operators/source/fromIterator.js'
import { futureSource } from '../operators/source/futureSource.js'
import { lazyFuture } from '../operators/source/lazyFuture.js'
import { lazySingle } from '../operators/source/lazySingle.js'
import { preMaterialize } from '../operators/source/preMaterialize.js'
// ---- end operators of 0.2.0 ----
import { collect } from '../operators/sink/collect.js'
import { fold as foldSink } from '../operators/sink/fold.js'
import { forEach } from '../operators/sink/forEach.js'
import { forEachAsync } from '../operators/sink/forEachAsync.js'
import { reduce as reduceSink } from '../operators/sink/reduce.js'
// ---- fan-in/fan-out ----
import type { ShapedGraph, UniformFanInShape } from '../core/Shape.js'
import { combine } from '../operators/fan-in/combine.js'
import type { MergeOptions } from '../operators/fan-in/merge.js'
import { mergeAll } from '../operators/fan-in/mergeAll.js'
import { zipN } from '../operators/fan-in/zipN.js'
import { zipWithN } from '../operators/fan-in/zipWithN.js'
import { withAttributesSupervised } from '../operators/error/internal/supervise.js'
import { sourceQueue, type SourceQueue } from '../operators/channels/sourceQueue.js'
import type { PushOverflowStrategy } from '../operators/interop/internal/BoundedPushSource.js'
// ---- end fan-in/fan-out ----
// ---- substreams/errors/lifecycle ----
import { maybe, type MaybeHandle } from '../operators/lifecycle/maybe.js'
import { unfoldResource } from '../operators/restart/unfoldResource.js'
import { unfoldResourceAsync } from '../operators/restart/unfoldResourceAsync.js'
// ---- end substreams/errors/lifecycle ----
import type { Publisher, Subscriber } from '../spec/types.js'
import { FlowOps } from './FlowOps.js'
import { RunnableGraph } from './RunnableGraph.js'
// ---- async/time/buffer family ----
import type { Duration } from '../core/args.js'
import { tick, type Cancellable } from '../operators/time/tick.js'
import { timer } from '../operators/time/timer.js'
// ---- interop ----
import { toAsyncIterable, type ToAsyncIterableOptions } from '../operators/interop/toAsyncIterable.js'
import { fromEventEmitter, type EventEmitterLike, type FromEventEmitterOptions } from '../operators/interop/fromEventEmitter.js'
import { fromEventTarget, type FromEventTargetOptions } from '../operators/interop/fromEventTarget.js'
import { fromReadableStream } from '../operators/interop/fromReadableStream.js'
import { toReadableStream, type ToReadableStreamOptions } from '../operators/interop/toReadableStream.js'

/**
 * A blueprint of a stream with one output of `Out` that materializes `Mat` when run. Immutable:
 * every operator returns a new blueprint, and each run is independent.
 *
 * @example
 * ```ts
 * const evens = Source.range(1, 10).filter((x) => x % 2 === 0).map((x) => x * 10)
 * await evens.runCollect() // [20, 40, 60, 80, 100]
 * ```
 * @category dsl
 * @since 0.1.0
 */
export class Source<Out, Mat = NotUsed> extends FlowOps<never, Out, Mat, 'source'> implements SourceGraph<Out, Mat> {
  declare readonly _out?: Out
  declare readonly _mat?: Mat
  constructor(readonly module: Module) {
    super()
    if (module.ins.length !== 0 || module.outs.length !== 1)
      throw new TypeError(`Source: expected a graph with 0 inlets and 1 outlet, got ${module.ins.length} and ${module.outs.length}`)
  }

  // ---- factories ---------------------------------------------------------------------------

  /** Wraps any graph with one open outlet. */
  static fromGraph<T, M>(graph: SourceGraph<T, M>): Source<T, M> {
    return graph instanceof Source ? (graph as Source<T, M>) : new Source<T, M>(graph.module)
  }
  /** Emits one element, then completes. See {@link operators!source.single | single}. */
  static single<T>(element: T): Source<T> {
    return new Source(single(element).module)
  }
  /** Completes at once, without emitting. See {@link operators!source.empty | empty}. */
  static empty<T = never>(): Source<T> {
    return new Source(empty<T>().module)
  }
  /** Fails at once with `error`, without emitting. See {@link operators!source.failed | failed}. */
  static failed<T = never>(error: unknown): Source<T> {
    return new Source(failed<T>(error).module)
  }
  /** Never emits and never completes; ends only when cancelled. See {@link operators!source.never | never}. */
  static never<T = never>(): Source<T> {
    return new Source(never<T>().module)
  }
  /** Emits the `count` integers `start, start + 1, …`, then completes. See {@link operators!source.range | range}. */
  static range(start: number, count: number): Source<number> {
    return new Source(range(start, count).module)
  }
  /** Emits the elements of an Iterable, an AsyncIterable, a Promise or a Publisher, choosing {@link operators!source.fromIterable | fromIterable}, {@link operators!source.fromAsyncIterable | fromAsyncIterable}, {@link operators!source.fromPromise | fromPromise} or {@link operators!source.fromPublisher | fromPublisher}. See {@link operators!source.from | from}. */
  static from<T>(input: SourceInput<T>): Source<T> {
    return new Source(from(input).module)
  }
  /** Emits the elements of an iterable, one per pull. See {@link operators!source.fromIterable | fromIterable}. */
  static fromIterable<T>(iterable: Iterable<T>): Source<T> {
    return new Source(fromIterable(iterable).module)
  }
  /** Emits the elements of an async iterable, calling `next()` only when downstream pulls (one call in flight at a time). See {@link operators!source.fromAsyncIterable | fromAsyncIterable}. */
  static fromAsyncIterable<T>(iterable: AsyncIterable<T>): Source<T> {
    return new Source(fromAsyncIterable(iterable).module)
  }
  /** Emits the value of a Promise and completes, or fails with its rejection. See {@link operators!source.fromPromise | fromPromise}. */
  static fromPromise<T>(promise: PromiseLike<T>): Source<T> {
    return new Source(fromPromise(promise).module)
  }
  /** Emits the same element forever. See {@link operators!source.repeat | repeat}. */
  static repeat<T>(element: T): Source<T> {
    return new Source(repeat(element).module)
  }
  /** Emits `seed`, `next(seed)`, `next(next(seed))`, … forever. See {@link operators!source.iterate | iterate}. */
  static iterate<T>(seed: T, next: (x: T) => T): Source<T> {
    return new Source(iterate(seed, next).module)
  }
  /** Emits elements computed from a state: `f(state)` returns `[nextState, element]`, or `undefined` to complete. See {@link operators!source.unfold | unfold}. */
  static unfold<S, T>(seed: S, f: (state: S) => readonly [S, T] | undefined): Source<T> {
    return new Source(unfold(seed, f).module)
  }
  /** Like {@link operators!source.unfold | unfold}, with `f` returning a Promise; one call in flight at a time, only on demand. See {@link operators!source.unfoldAsync | unfoldAsync}. */
  static unfoldAsync<S, T>(seed: S, f: (state: S) => PromiseLike<readonly [S, T] | undefined>): Source<T> {
    return new Source(unfoldAsync(seed, f).module)
  }
  // ---- operators of 0.2.0 ----
  /** Emits the elements of the iterable `create` returns, calling it again each time they run out, forever. See {@link operators!source.cycle | cycle}. */
  static cycle<T>(create: () => Iterable<T>): Source<T> {
    return new Source(cycle(create).module)
  }
  /** Emits the elements of the iterator `create` returns; each run gets a fresh one. See {@link operators!source.fromIterator | fromIterator}. */
  static fromIterator<T>(create: () => Iterator<T>): Source<T> {
    return new Source(fromIterator(create).module)
  }
  /** Emits `create()` when downstream first pulls, then completes. See {@link operators!source.lazySingle | lazySingle}. */
  static lazySingle<T>(create: () => T): Source<T> {
    return new Source(lazySingle(create).module)
  }
  /** Calls `create` when downstream first pulls and emits what its Promise resolves to. See {@link operators!source.lazyFuture | lazyFuture}. */
  static lazyFuture<T>(create: () => PromiseLike<T>): Source<T> {
    return new Source(lazyFuture(create).module)
  }
  /** Emits the elements of the source a Promise resolves to; materializes a Promise of that source's value. See {@link operators!source.futureSource | futureSource}. */
  static futureSource<T, M>(promise: PromiseLike<SourceGraph<T, M>>): Source<T, Promise<M>> {
    return new Source(futureSource(promise).module)
  }
  /** Runs this source now: returns its materialized value and a source (to run once) that emits its elements. See {@link operators!source.preMaterialize | preMaterialize}. */
  preMaterialize(options?: RunOptions): [Mat, Source<Out>] {
    const [mat, source] = preMaterialize(this, options)
    return [mat, new Source(source.module)]
  }
  // ---- end operators of 0.2.0 ----
  // ---- async/time/buffer family ----
  /** Emits `value` after `initialDelay`, then every `interval`, as long as downstream has asked for it; a tick that finds downstream busy is dropped (ticks are not queued). See {@link operators!time.tick | tick}. */
  static tick<T>(initialDelay: Duration, interval: Duration, value: T): Source<T, Cancellable> {
    return new Source(tick(initialDelay, interval, value).module)
  }
  /** Emits `value` once, `delay` after the stream started (or when downstream pulls, if later), then completes. See {@link operators!time.timer | timer}. */
  static timer<T>(delay: Duration, value: T): Source<T> {
    return new Source(timer(delay, value).module)
  }
  // ---- end async/time/buffer family ----
  // ---- fan-in/fan-out ----
  /** Merges all `sources` into one stream, in arrival order (`Source.mergeAll`). See {@link operators!fanIn.mergeAll | mergeAll}. */
  static mergeAll<T>(sources: readonly SourceGraph<T, unknown>[], options?: MergeOptions): Source<T> {
    return new Source(mergeAll(sources, options).module)
  }
  /** Joins `sources` with a fan-in stage of your choice (`Source.combine`): `strategy(n)` returns the stage for `n` inputs, for example `(n) => Merge.create(n)` or `(n) => Concat.create(n)`. See {@link operators!fanIn.combine | combine}. */
  static combine<T, U>(
    sources: readonly SourceGraph<T, unknown>[],
    strategy: (inputs: number) => ShapedGraph<UniformFanInShape<T, U>, unknown>,
  ): Source<U> {
    return new Source(combine(sources, strategy).module)
  }
  /** Emits arrays of the elements at the same position of all `sources` (`Source.zipN`). See {@link operators!fanIn.zipN | zipN}. */
  static zipN<T>(sources: readonly SourceGraph<T, unknown>[]): Source<T[]> {
    return new Source(zipN(sources).module)
  }
  /** Combines the elements at the same position of all `sources` with `f` (`Source.zipWithN`). See {@link operators!fanIn.zipWithN | zipWithN}. */
  static zipWithN<T, O>(sources: readonly SourceGraph<T, unknown>[], f: (elements: T[]) => O): Source<O> {
    return new Source(zipWithN(sources, f).module)
  }
  /** A source fed from outside the stream through the {@link SourceQueue} it materializes. See {@link operators!channels.sourceQueue | sourceQueue}. */
  static queue<T>(bufferSize: number, overflowStrategy?: PushOverflowStrategy): Source<T, SourceQueue<T>> {
    return new Source(sourceQueue<T>(bufferSize, overflowStrategy).module)
  }
  // ---- end fan-in/fan-out ----
  /** Creates the real source with `factory` only when downstream first pulls, then emits what it emits. See {@link operators!source.lazySource | lazySource}. */
  static lazy<T, M>(factory: () => SourceGraph<T, M>): Source<T, Promise<M>> {
    return new Source(lazySource(factory).module)
  }
  /** Subscribes to a Reactive Streams Publisher and emits its elements. See {@link operators!source.fromPublisher | fromPublisher}. */
  static fromPublisher<T>(publisher: Publisher<T>, options?: SubscriberOptions): Source<T> {
    return new Source(fromPublisher(publisher, options).module)
  }
  /** Materializes a Reactive Streams Subscriber; what any Publisher sends to it is emitted here. See {@link operators!source.asSubscriber | asSubscriber}. */
  static asSubscriber<T>(options?: SubscriberOptions): Source<T, Subscriber<T>> {
    return new Source(asSubscriber<T>(options).module)
  }

  // ---- interop ----
  /** Emits the chunks of a WHATWG `ReadableStream`. See {@link operators!interop.fromReadableStream | fromReadableStream}. */
  static fromReadableStream<T>(stream: ReadableStream<T>): Source<T> {
    return new Source(fromReadableStream(stream).module)
  }
  /** Emits the events of type `type` dispatched on a DOM `EventTarget` (a `WebSocket`, an `AbortSignal`, a `BroadcastChannel`, any `EventTarget`). See {@link operators!interop.fromEventTarget | fromEventTarget}. */
  static fromEventTarget<E extends Event = Event>(target: EventTarget, type: string, options: FromEventTargetOptions): Source<E> {
    return new Source(fromEventTarget<E>(target, type, options).module)
  }
  /** Emits the occurrences of `event` on an `EventEmitter`. See {@link operators!interop.fromEventEmitter | fromEventEmitter}. */
  static fromEventEmitter<T = unknown>(emitter: EventEmitterLike, event: string | symbol, options: FromEventEmitterOptions<T>): Source<T> {
    return new Source(fromEventEmitter<T>(emitter, event, options).module)
  }
  /** An `AsyncIterable` over the elements of `source`: each `for await` loop (each call of `[Symbol.asyncIterator]()`) runs the source anew. See {@link operators!interop.toAsyncIterable | toAsyncIterable}. */
  toAsyncIterable(options?: ToAsyncIterableOptions): AsyncIterable<Out> {
    return toAsyncIterable(this, options)
  }
  /** A WHATWG `ReadableStream` of the elements of `source`. See {@link operators!interop.toReadableStream | toReadableStream}. */
  toReadableStream(options?: ToReadableStreamOptions): ReadableStream<Out> {
    return toReadableStream(this, options)
  }

  // ---- substreams/errors/lifecycle ----
  /** A source of at most one element, decided from the outside through the {@link MaybeHandle} it materializes: `complete(value)`, `complete()` (empty) or `fail(error)`. See {@link operators!lifecycle.maybe | maybe}. */
  static maybe<T>(): Source<T, MaybeHandle<T>> {
    return new Source(maybe<T>().module)
  }
  /** Opens a resource with `create` when the stream starts, emits what `read` returns for each pull until it returns `undefined`, and closes the resource with `close`: exactly once, whether the stream completes, fails or is cancelled. See {@link operators!restart.unfoldResource | unfoldResource}. */
  static unfoldResource<R, T>(create: () => R, read: (resource: R) => T | undefined, close: (resource: R) => void): Source<T> {
    return new Source(unfoldResource(create, read, close).module)
  }
  /** Like {@link operators!restart.unfoldResource | unfoldResource} with asynchronous `create`, `read` and `close`: one call in flight at a time, `read` only on demand, and `close` exactly once after the resource was created, whether the stream completes, fails or is cancelled (a cancel that arrives while `create` or `read` is pending waits for it, then closes). See {@link operators!restart.unfoldResourceAsync | unfoldResourceAsync}. */
  static unfoldResourceAsync<R, T>(
    create: () => PromiseLike<R>,
    read: (resource: R) => PromiseLike<T | undefined>,
    close: (resource: R) => PromiseLike<void> | void,
  ): Source<T> {
    return new Source(unfoldResourceAsync(create, read, close).module)
  }
  /** @internal */
  protected withModule(module: Module): Source<Out, Mat> {
    return new Source(module)
  }
  /** @internal */
  protected sourceFrom<T, M>(graph: SourceGraph<T, M>): Source<T, M> {
    return Source.fromGraph(graph)
  }
  // ---- end substreams/errors/lifecycle ----

  // ---- composition ---------------------------------------------------------------------------

  via<T, M>(flow: FlowGraph<Out, T, M>): Source<T, Mat> {
    return new Source(this.module.compose(flow.module, [[0, 0]], keepLeft))
  }
  /** Appends `flow`, combining the materialized values with `combine` (see `Keep`). */
  viaMat<T, M, M2>(flow: FlowGraph<Out, T, M>, combine: (left: Mat, right: M) => M2): Source<T, M2> {
    return new Source(this.module.compose(flow.module, [[0, 0]], combine as (l: unknown, r: unknown) => unknown))
  }
  /** Connects `sink`; the materialized value stays this one's. */
  to<M>(sink: SinkGraph<Out, M>): RunnableGraph<Mat> {
    return new RunnableGraph(this.module.compose(sink.module, [[0, 0]], keepLeft))
  }
  /** Connects `sink`, combining the materialized values with `combine` (see `Keep`). */
  toMat<M, M2>(sink: SinkGraph<Out, M>, combine: (left: Mat, right: M) => M2): RunnableGraph<M2> {
    return new RunnableGraph(this.module.compose(sink.module, [[0, 0]], combine as (l: unknown, r: unknown) => unknown))
  }
  /** The same source with its materialized value transformed by `f` (at each run). */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): Source<Out, M2> {
    return new Source(this.module.mapMat(f as (m: unknown) => unknown))
  }
  withAttributes(attributes: Attributes): Source<Out, Mat> {
    return new Source(withAttributesSupervised(this.module, attributes))
  }
  async(options: { readonly bufferSize?: number } = {}): Source<Out, Mat> {
    return new Source(withBoundary(this.module, options.bufferSize))
  }

  // ---- running ---------------------------------------------------------------------------------

  /** Connects `sink` and runs; returns the sink's materialized value. */
  runWith<M>(sink: SinkGraph<Out, M>, options?: RunOptions): M {
    return new RunnableGraph<M>(this.module.compose(sink.module, [[0, 0]], keepRight)).run(options)
  }
  /** Runs into a fold; resolves with the result. */
  runFold<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc, options?: RunOptions): Promise<Acc> {
    return this.runWith(foldSink(zero, f), options)
  }
  /** Runs into a reduce; resolves with the result (rejects on an empty stream). */
  runReduce(f: (acc: Out, x: Out) => Out, options?: RunOptions): Promise<Out> {
    return this.runWith(reduceSink(f), options)
  }
  /**
   * Runs, calling `f` for each element; resolves when the stream completes. It does not await
   * what `f` returns: an `async` `f` runs unbounded and its rejections are lost. Use
   * {@link Source.runForEachAsync | runForEachAsync} for asynchronous work.
   */
  runForEach(f: (x: Out) => void, options?: RunOptions): Promise<void> {
    return this.runWith(forEach(f), options)
  }
  /**
   * Runs, calling `f` for each element and awaiting what it returns, with up to `parallelism`
   * calls in flight (1: one after the other); resolves once the stream has completed and every
   * call has settled, rejects with the first failure. See {@link operators!sink.forEachAsync | forEachAsync}.
   */
  runForEachAsync(parallelism: number, f: (x: Out) => PromiseLike<unknown> | void, options?: RunOptions): Promise<void> {
    return this.runWith(forEachAsync(parallelism, f), options)
  }
  /** Runs and collects every element into an array. */
  runCollect(options?: RunOptions): Promise<Out[]> {
    return this.runWith(collect<Out>(), options)
  }
}

/** Marks the module's outlet as an async boundary, with the downstream input buffer size. @internal */
export function withBoundary(module: Module, bufferSize: number | undefined): Module {
  if (bufferSize !== undefined && (!Number.isSafeInteger(bufferSize) || bufferSize <= 0))
    throw new RangeError(`async(bufferSize): expected a positive integer, got ${String(bufferSize)}`)
  return module.withAsyncOuts(bufferSize ?? 0)
}
