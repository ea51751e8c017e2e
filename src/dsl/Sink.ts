import type { Attributes } from '../core/Attributes.js'
import type { NotUsed, SinkGraph, SourceGraph } from '../core/Graph.js'
import { keepRight, type Module } from '../core/Module.js'
import type { RunOptions } from '../core/materialize.js'
import { asPublisher, type AsPublisherOptions } from '../operators/sink/asPublisher.js'
import { cancelled } from '../operators/sink/cancelled.js'
import { collect } from '../operators/sink/collect.js'
import { fold } from '../operators/sink/fold.js'
import { forEach } from '../operators/sink/forEach.js'
import { forEachAsync } from '../operators/sink/forEachAsync.js'
import { fromSubscriber } from '../operators/sink/fromSubscriber.js'
import { head, headOption } from '../operators/sink/head.js'
import { ignore } from '../operators/sink/ignore.js'
import { last, lastOption } from '../operators/sink/last.js'
import { reduce } from '../operators/sink/reduce.js'
import { map } from '../operators/simple/map.js'
// ---- operators of 0.2.0 ----
import { count } from '../operators/sink/count.js'
import { exists } from '../operators/sink/exists.js'
import { foldWhile } from '../operators/sink/foldWhile.js'
import { forall } from '../operators/sink/forall.js'
import { none } from '../operators/sink/none.js'
import { onComplete } from '../operators/sink/onComplete.js'
import { takeLast } from '../operators/sink/takeLast.js'
import { lazySink } from '../operators/sink/lazySink.js'
import { lazyFutureSink } from '../operators/sink/lazyFutureSink.js'
import { futureSink } from '../operators/sink/futureSink.js'
import { preMaterialize } from '../operators/sink/preMaterialize.js'
// ---- end operators of 0.2.0 ----
import type { Publisher, Subscriber } from '../spec/types.js'
import { RunnableGraph } from './RunnableGraph.js'
// ---- interop ----
import { asAsyncIterable, type AsyncIterableOptions } from '../operators/interop/asAsyncIterable.js'
import { toWritableStream } from '../operators/interop/toWritableStream.js'
// ---- fan-in/fan-out ----
import { sinkQueue, type SinkQueue, type SinkQueueOptions } from '../operators/channels/sinkQueue.js'
import { withAttributesSupervised } from '../operators/error/internal/supervise.js'
// ---- end fan-in/fan-out ----

/**
 * A blueprint of a stream's end with one input of `In` that materializes `Mat` (usually a Promise
 * of a result).
 *
 * @example
 * ```ts
 * const sum = Sink.fold<number, number>(0, (acc, x) => acc + x)
 * await Source.range(1, 4).runWith(sum) // 10
 * ```
 * @category dsl
 * @since 0.1.0
 */
export class Sink<In, Mat = NotUsed> implements SinkGraph<In, Mat> {
  declare readonly _in?: (x: In) => void
  declare readonly _mat?: Mat
  constructor(readonly module: Module) {
    if (module.ins.length !== 1 || module.outs.length !== 0)
      throw new TypeError(`Sink: expected a graph with 1 inlet and 0 outlets, got ${module.ins.length} and ${module.outs.length}`)
  }

  /** Wraps any graph with one open inlet. */
  static fromGraph<T, M>(graph: SinkGraph<T, M>): Sink<T, M> {
    return graph instanceof Sink ? (graph as Sink<T, M>) : new Sink<T, M>(graph.module)
  }
  /** Consumes and discards every element, as fast as upstream delivers; the Promise settles when the stream ends. See {@link operators!sink.ignore | ignore}. */
  static ignore(): Sink<unknown, Promise<void>> {
    return new Sink(ignore().module)
  }
  /** Calls `f` for each element; the Promise resolves when the stream completes. See {@link operators!sink.forEach | forEach}. */
  static forEach<T>(f: (x: T) => void): Sink<T, Promise<void>> {
    return new Sink(forEach(f).module)
  }
  /** Calls `f` for each element and awaits what it returns, with up to `parallelism` calls in flight; the Promise resolves once every call has settled. See {@link operators!sink.forEachAsync | forEachAsync}. */
  static forEachAsync<T>(parallelism: number, f: (x: T) => PromiseLike<unknown> | void): Sink<T, Promise<void>> {
    return new Sink(forEachAsync(parallelism, f).module)
  }
  /** Folds every element into an accumulator; the Promise resolves with it when the stream completes. See {@link operators!sink.fold | fold}. */
  static fold<T, Acc>(zero: Acc, f: (acc: Acc, x: T) => Acc): Sink<T, Promise<Acc>> {
    return new Sink(fold(zero, f).module)
  }
  /** Like {@link operators!sink.fold | fold} with the first element as the start value. See {@link operators!sink.reduce | reduce}. */
  static reduce<T>(f: (acc: T, x: T) => T): Sink<T, Promise<T>> {
    return new Sink(reduce(f).module)
  }
  /** Resolves with the first element and cancels upstream. See {@link operators!sink.head | head}. */
  static head<T>(): Sink<T, Promise<T>> {
    return new Sink(head<T>().module)
  }
  /** Resolves with the first element, or `undefined` for an empty stream, and cancels upstream. See {@link operators!sink.headOption | headOption}. */
  static headOption<T>(): Sink<T, Promise<T | undefined>> {
    return new Sink(headOption<T>().module)
  }
  /** Resolves with the last element when the stream completes. See {@link operators!sink.last | last}. */
  static last<T>(): Sink<T, Promise<T>> {
    return new Sink(last<T>().module)
  }
  /** Resolves with the last element, or `undefined` for an empty stream. See {@link operators!sink.lastOption | lastOption}. */
  static lastOption<T>(): Sink<T, Promise<T | undefined>> {
    return new Sink(lastOption<T>().module)
  }
  /** Collects every element into an array (Pekko's `Sink.seq`). See {@link operators!sink.collect | collect}. */
  static collect<T>(): Sink<T, Promise<T[]>> {
    return new Sink(collect<T>().module)
  }
  /** Cancels upstream at once, without requesting anything. See {@link operators!sink.cancelled | cancelled}. */
  static cancelled<T = unknown>(): Sink<T, NotUsed> {
    return new Sink(cancelled<T>().module)
  }
  /** Materializes a Reactive Streams Publisher that emits the stream's elements to one Subscriber, as fast as it requests them. See {@link operators!sink.asPublisher | asPublisher}. */
  static asPublisher<T>(options?: AsPublisherOptions): Sink<T, Publisher<T>> {
    return new Sink(asPublisher<T>(options).module)
  }
  /** Sends the stream to a Reactive Streams Subscriber, following its demand. See {@link operators!sink.fromSubscriber | fromSubscriber}. */
  static fromSubscriber<T>(subscriber: Subscriber<T>): Sink<T, NotUsed> {
    return new Sink(fromSubscriber(subscriber).module)
  }

  // ---- operators of 0.2.0 ----
  /** Folds elements while `p(acc)` holds, then resolves with the accumulator and cancels upstream. See {@link operators!sink.foldWhile | foldWhile}. */
  static foldWhile<T, Acc>(zero: Acc, p: (acc: Acc) => boolean, f: (acc: Acc, x: T) => Acc): Sink<T, Promise<Acc>> {
    return new Sink(foldWhile(zero, p, f).module)
  }
  /** Resolves with the last `n` elements when the stream completes. See {@link operators!sink.takeLast | takeLast}. */
  static takeLast<T>(n: number): Sink<T, Promise<T[]>> {
    return new Sink(takeLast<T>(n).module)
  }
  /** Resolves with the number of elements when the stream completes. See {@link operators!sink.count | count}. */
  static count(): Sink<unknown, Promise<number>> {
    return new Sink(count().module)
  }
  /** Resolves with whether `p` holds for some element, stopping at the first that matches. See {@link operators!sink.exists | exists}. */
  static exists<T>(p: (x: T) => boolean): Sink<T, Promise<boolean>> {
    return new Sink(exists(p).module)
  }
  /** Resolves with whether `p` holds for every element, stopping at the first that does not. See {@link operators!sink.forall | forall}. */
  static forall<T>(p: (x: T) => boolean): Sink<T, Promise<boolean>> {
    return new Sink(forall(p).module)
  }
  /** Resolves with whether `p` holds for no element, stopping at the first that matches. See {@link operators!sink.none | none}. */
  static none<T>(p: (x: T) => boolean): Sink<T, Promise<boolean>> {
    return new Sink(none(p).module)
  }
  /** Discards the elements and calls `callback` once with the outcome (as `Promise.allSettled` reports it) when the stream ends. See {@link operators!sink.onComplete | onComplete}. */
  static onComplete(callback: (result: PromiseSettledResult<void>) => void): Sink<unknown, NotUsed> {
    return new Sink(onComplete(callback).module)
  }
  /** Creates the real sink with `factory` when the first element arrives; the Promise resolves with its materialized value. See {@link operators!sink.lazySink | lazySink}. */
  static lazySink<T, M>(factory: () => SinkGraph<T, M>): Sink<T, Promise<M>> {
    return new Sink(lazySink(factory).module)
  }
  /** Like `lazySink`, with `factory` returning a Promise of the sink. See {@link operators!sink.lazyFutureSink | lazyFutureSink}. */
  static lazyFutureSink<T, M>(factory: () => PromiseLike<SinkGraph<T, M>>): Sink<T, Promise<M>> {
    return new Sink(lazyFutureSink(factory).module)
  }
  /** A sink from a Promise of a sink, started at the first element once the Promise resolves. See {@link operators!sink.futureSink | futureSink}. */
  static futureSink<T, M>(promise: PromiseLike<SinkGraph<T, M>>): Sink<T, Promise<M>> {
    return new Sink(futureSink(promise).module)
  }
  // ---- end operators of 0.2.0 ----

  // ---- interop ----
  /** A sink that materializes an `AsyncIterableIterator` over the stream's elements, for `for await`. See {@link operators!interop.asAsyncIterable | asAsyncIterable}. */
  static asAsyncIterable<T>(options?: AsyncIterableOptions): Sink<T, AsyncIterableIterator<T>> {
    return new Sink(asAsyncIterable<T>(options).module)
  }
  /** A sink that writes each element to a WHATWG `WritableStream`, waiting for the writer to be `ready` before each write, so the stream's backpressure (`desiredSize`) paces upstream. See {@link operators!interop.toWritableStream | toWritableStream}. */
  static toWritableStream<T>(stream: WritableStream<T>): Sink<T, Promise<void>> {
    return new Sink(toWritableStream(stream).module)
  }

  // ---- fan-in/fan-out ----
  /** A sink whose elements are taken from outside the stream through the {@link SinkQueue} it materializes. See {@link operators!channels.sinkQueue | sinkQueue}. */
  static queue<T>(options?: SinkQueueOptions): Sink<T, SinkQueue<T>> {
    return new Sink(sinkQueue<T>(options).module)
  }
  // ---- end fan-in/fan-out ----

  /** Runs this sink now: returns its materialized value and a sink (to run once) that feeds it. See {@link operators!sink.preMaterialize | preMaterialize}. */
  preMaterialize(options?: RunOptions): [Mat, Sink<In>] {
    const [mat, sink] = preMaterialize(this, options)
    return [mat, new Sink(sink.module)]
  }
  /** A sink that maps each element with `f` before this one receives it. */
  contramap<T>(f: (x: T) => In): Sink<T, Mat> {
    return new Sink(map(f).module.compose(this.module, [[0, 0]], keepRight))
  }
  /** Runs `source` into this sink; returns this sink's materialized value. */
  runWith<M>(source: SourceGraph<In, M>, options?: RunOptions): Mat {
    return new RunnableGraph<Mat>(source.module.compose(this.module, [[0, 0]], keepRight)).run(options)
  }
  /** The same sink with its materialized value transformed by `f` (at each run). */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): Sink<In, M2> {
    return new Sink(this.module.mapMat(f as (m: unknown) => unknown))
  }
  /** The same sink with `attributes` added to every stage. */
  withAttributes(attributes: Attributes): Sink<In, Mat> {
    return new Sink(withAttributesSupervised(this.module, attributes))
  }
  /** Names the stages of this sink in errors and logs. */
  named(name: string): Sink<In, Mat> {
    return this.withAttributes({ name })
  }
}
