/**
 * The operators shared by {@link Source} and {@link Flow}, written once. `Repr` maps the result
 * back to the receiver's kind: on a `Source` each returns a `Source`, on a `Flow` a `Flow`.
 *
 * @module
 */
import type { Attributes } from '../core/Attributes.js'
import type { FlowGraph, NotUsed } from '../core/Graph.js'
import { drop } from '../operators/simple/drop.js'
import { dropWhile } from '../operators/simple/dropWhile.js'
import { filter } from '../operators/simple/filter.js'
import { filterMap } from '../operators/simple/filterMap.js'
import { fold } from '../operators/simple/fold.js'
import { grouped } from '../operators/simple/grouped.js'
import { intersperse, type IntersperseOptions } from '../operators/simple/intersperse.js'
import { limit } from '../operators/simple/limit.js'
import { log, type LogOptions } from '../operators/simple/log.js'
import { map } from '../operators/simple/map.js'
import { mapConcat } from '../operators/simple/mapConcat.js'
import { reduce } from '../operators/simple/reduce.js'
import { scan } from '../operators/simple/scan.js'
import { sliding } from '../operators/simple/sliding.js'
import { statefulMap } from '../operators/simple/statefulMap.js'
import { take } from '../operators/simple/take.js'
import { takeWhile, type TakeWhileOptions } from '../operators/simple/takeWhile.js'
import { zipWithIndex } from '../operators/simple/zipWithIndex.js'
// ---- async/time/buffer family ----
import { filterAsync } from '../operators/async/filterAsync.js'
import { foldAsync } from '../operators/async/foldAsync.js'
import { mapAsync } from '../operators/async/mapAsync.js'
import { mapAsyncPartitioned } from '../operators/async/mapAsyncPartitioned.js'
import { mapAsyncUnordered } from '../operators/async/mapAsyncUnordered.js'
import { batch } from '../operators/buffer/batch.js'
import { batchWeighted } from '../operators/buffer/batchWeighted.js'
import { buffer, type OverflowStrategy } from '../operators/buffer/buffer.js'
import { conflate } from '../operators/buffer/conflate.js'
import { conflateWithSeed } from '../operators/buffer/conflateWithSeed.js'
import { expand } from '../operators/buffer/expand.js'
import { extrapolate } from '../operators/buffer/extrapolate.js'
import type { Duration } from '../core/args.js'
import { backpressureTimeout } from '../operators/time/backpressureTimeout.js'
import { completionTimeout } from '../operators/time/completionTimeout.js'
import { debounce } from '../operators/time/debounce.js'
import { delay, type DelayOptions } from '../operators/time/delay.js'
import { delayWith } from '../operators/time/delayWith.js'
import { dropWithin } from '../operators/time/dropWithin.js'
import { groupedWeightedWithin, type GroupedWeightedWithinOptions } from '../operators/time/groupedWeightedWithin.js'
import { groupedWithin } from '../operators/time/groupedWithin.js'
import { idleTimeout } from '../operators/time/idleTimeout.js'
import { initialDelay } from '../operators/time/initialDelay.js'
import { initialTimeout } from '../operators/time/initialTimeout.js'
import type { DelayOverflowStrategy } from '../operators/time/internal/Delay.js'
import { keepAlive } from '../operators/time/keepAlive.js'
import { sample } from '../operators/time/sample.js'
import { takeWithin } from '../operators/time/takeWithin.js'
import { throttle, type ThrottleOptions } from '../operators/time/throttle.js'
// ---- end async/time/buffer family ----
// ---- fan-in/fan-out ----
import type { SinkGraph, SourceGraph } from '../core/Graph.js'
import { concat } from '../operators/fan-in/concat.js'
import { interleave, type InterleaveOptions } from '../operators/fan-in/interleave.js'
import { merge, type MergeOptions } from '../operators/fan-in/merge.js'
import { mergePreferred, type MergePreferredOptions } from '../operators/fan-in/mergePreferred.js'
import { mergePrioritized, type MergePrioritizedOptions } from '../operators/fan-in/mergePrioritized.js'
import { mergeSorted } from '../operators/fan-in/mergeSorted.js'
import { orElse } from '../operators/fan-in/orElse.js'
import { prepend } from '../operators/fan-in/prepend.js'
import { zip } from '../operators/fan-in/zip.js'
import { zipAll } from '../operators/fan-in/zipAll.js'
import { zipLatest } from '../operators/fan-in/zipLatest.js'
import { zipLatestWith } from '../operators/fan-in/zipLatestWith.js'
import { zipWith } from '../operators/fan-in/zipWith.js'
import { alsoTo } from '../operators/fan-out/alsoTo.js'
import { divertTo } from '../operators/fan-out/divertTo.js'
import { wireTap } from '../operators/fan-out/wireTap.js'
// ---- end fan-in/fan-out ----
// ---- substreams/errors/lifecycle ----
import type { Module } from '../core/Module.js'
import { keepLeft as keepLeftMat } from '../core/Module.js'
import { mapError } from '../operators/error/mapError.js'
import { onErrorComplete } from '../operators/error/onErrorComplete.js'
import { recover } from '../operators/error/recover.js'
import { recoverWith } from '../operators/error/recoverWith.js'
import { recoverWithRetries } from '../operators/error/recoverWithRetries.js'
import type { Decider } from '../operators/error/Supervision.js'
import { withSupervision } from '../operators/error/withSupervision.js'
import type { FlowMonitor } from '../operators/lifecycle/FlowMonitor.js'
import { monitor } from '../operators/lifecycle/monitor.js'
import { watchTermination } from '../operators/lifecycle/watchTermination.js'
import { flatMapConcat } from '../operators/substream/flatMapConcat.js'
import { flatMapMerge } from '../operators/substream/flatMapMerge.js'
import { flatMapPrefix } from '../operators/substream/flatMapPrefix.js'
import { groupBy, type GroupByOptions } from '../operators/substream/groupBy.js'
import { prefixAndTail, type PrefixAndTailOptions } from '../operators/substream/prefixAndTail.js'
import { splitAfter } from '../operators/substream/splitAfter.js'
import { splitWhen, type SplitOptions } from '../operators/substream/splitWhen.js'
import { switchMap } from '../operators/substream/switchMap.js'
import type { RunnableGraph } from './RunnableGraph.js'
import type { Sink } from './Sink.js'
import { SubFlow } from './SubFlow.js'
// ---- end substreams/errors/lifecycle ----
import type { Flow } from './Flow.js'
import type { Source } from './Source.js'

/** @internal */
export interface ReprMap<In, Out, Mat> {
  source: Source<Out, Mat>
  flow: Flow<In, Out, Mat>
}

/** What an operator returns on a receiver of kind `K`. @internal */
export type Repr<K extends keyof ReprMap<unknown, unknown, unknown>, In, Out, Mat> = ReprMap<In, Out, Mat>[K]

// ---- substreams/errors/lifecycle ----
/** @internal */
export interface ClosedMap<In, Mat> {
  source: RunnableGraph<Mat>
  flow: Sink<In, Mat>
}

/** What connecting a sink to a receiver of kind `K` returns: a runnable graph, or a sink. @internal */
export type Closed<K extends keyof ReprMap<unknown, unknown, unknown>, In, Mat> = ClosedMap<In, Mat>[K]
// ---- end substreams/errors/lifecycle ----

/**
 * Operators available on both `Source` and `Flow`. Each one's full contract is on the operator
 * function it links to.
 *
 * @category dsl
 * @since 0.1.0
 */
export abstract class FlowOps<In, Out, Mat, K extends keyof ReprMap<unknown, unknown, unknown>> {
  /** Appends `flow`; the materialized value stays this one's. */
  abstract via<T, M>(flow: FlowGraph<Out, T, M>): Repr<K, In, T, Mat>
  /** The same graph with `attributes` added to every stage (a stage's own win). */
  abstract withAttributes(attributes: Attributes): Repr<K, In, Out, Mat>
  /** Marks an async boundary after this graph: what follows runs in its own island. */
  abstract async(options?: { readonly bufferSize?: number }): Repr<K, In, Out, Mat>

  /** Names the stages of this graph in errors and logs. */
  named(name: string): Repr<K, In, Out, Mat> {
    return this.withAttributes({ name })
  }

  /** {@inheritDoc map} @see {@link map} */
  map<R>(f: (x: Out) => R): Repr<K, In, R, Mat> {
    return this.via(map(f))
  }
  /** {@inheritDoc filter} @see {@link filter} */
  filter<S extends Out>(predicate: (x: Out) => x is S): Repr<K, In, S, Mat>
  filter(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat>
  filter(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(filter(predicate))
  }
  /** {@inheritDoc filterMap} @see {@link filterMap} */
  filterMap<R>(f: (x: Out) => R | undefined): Repr<K, In, R, Mat> {
    return this.via(filterMap(f))
  }
  /** {@inheritDoc mapConcat} @see {@link mapConcat} */
  mapConcat<R>(f: (x: Out) => Iterable<R>): Repr<K, In, R, Mat> {
    return this.via(mapConcat(f))
  }
  /** {@inheritDoc scan} @see {@link scan} */
  scan<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc): Repr<K, In, Acc, Mat> {
    return this.via(scan(zero, f))
  }
  /** {@inheritDoc fold} @see {@link fold} */
  fold<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc): Repr<K, In, Acc, Mat> {
    return this.via(fold(zero, f))
  }
  /** {@inheritDoc reduce} @see {@link reduce} */
  reduce(f: (acc: Out, x: Out) => Out): Repr<K, In, Out, Mat> {
    return this.via(reduce(f))
  }
  /** {@inheritDoc take} @see {@link take} */
  take(count: number): Repr<K, In, Out, Mat> {
    return this.via(take<Out>(count))
  }
  /** {@inheritDoc takeWhile} @see {@link takeWhile} */
  takeWhile(predicate: (x: Out) => boolean, options?: TakeWhileOptions): Repr<K, In, Out, Mat> {
    return this.via(takeWhile(predicate, options))
  }
  /** {@inheritDoc drop} @see {@link drop} */
  drop(count: number): Repr<K, In, Out, Mat> {
    return this.via(drop<Out>(count))
  }
  /** {@inheritDoc dropWhile} @see {@link dropWhile} */
  dropWhile(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(dropWhile(predicate))
  }
  /** {@inheritDoc grouped} @see {@link grouped} */
  grouped(size: number): Repr<K, In, Out[], Mat> {
    return this.via(grouped<Out>(size))
  }
  /** {@inheritDoc sliding} @see {@link sliding} */
  sliding(size: number, step?: number): Repr<K, In, Out[], Mat> {
    return this.via(sliding<Out>(size, step))
  }
  /** {@inheritDoc intersperse} @see {@link intersperse} */
  intersperse(inject: Out, options?: IntersperseOptions<Out>): Repr<K, In, Out, Mat> {
    return this.via(intersperse(inject, options))
  }
  /** {@inheritDoc zipWithIndex} @see {@link zipWithIndex} */
  zipWithIndex(): Repr<K, In, [Out, number], Mat> {
    return this.via(zipWithIndex<Out>())
  }
  /** {@inheritDoc statefulMap} @see {@link statefulMap} */
  statefulMap<S, R>(
    create: () => S,
    f: (state: S, x: Out) => readonly [S, R | undefined],
    onComplete?: (state: S) => R | undefined,
  ): Repr<K, In, R, Mat> {
    return this.via(statefulMap(create, f, onComplete))
  }
  /** {@inheritDoc limit} @see {@link limit} */
  limit(max: number): Repr<K, In, Out, Mat> {
    return this.via(limit<Out>(max))
  }
  /** {@inheritDoc log} @see {@link log} */
  log(name: string, options?: LogOptions<Out>): Repr<K, In, Out, Mat> {
    return this.via(log(name, options))
  }

  // ---- async/time/buffer family ----
  /** {@inheritDoc mapAsync} @see {@link mapAsync} */
  mapAsync<R>(parallelism: number, f: (x: Out) => R | null | undefined | PromiseLike<R | null | undefined>): Repr<K, In, R, Mat> {
    return this.via(mapAsync(parallelism, f))
  }
  /** {@inheritDoc mapAsyncUnordered} @see {@link mapAsyncUnordered} */
  mapAsyncUnordered<R>(parallelism: number, f: (x: Out) => R | null | undefined | PromiseLike<R | null | undefined>): Repr<K, In, R, Mat> {
    return this.via(mapAsyncUnordered(parallelism, f))
  }
  /** {@inheritDoc mapAsyncPartitioned} @see {@link mapAsyncPartitioned} */
  mapAsyncPartitioned<P, R>(
    parallelism: number,
    partitionOf: (x: Out) => P,
    f: (x: Out, partition: P) => R | null | undefined | PromiseLike<R | null | undefined>,
  ): Repr<K, In, R, Mat> {
    return this.via(mapAsyncPartitioned(parallelism, partitionOf, f))
  }
  /** {@inheritDoc filterAsync} @see {@link filterAsync} */
  filterAsync(parallelism: number, predicate: (x: Out) => boolean | PromiseLike<boolean>): Repr<K, In, Out, Mat> {
    return this.via(filterAsync(parallelism, predicate))
  }
  /** {@inheritDoc foldAsync} @see {@link foldAsync} */
  foldAsync<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc | PromiseLike<Acc>): Repr<K, In, Acc, Mat> {
    return this.via(foldAsync(zero, f))
  }
  /** {@inheritDoc buffer} @see {@link buffer} */
  buffer(size: number, strategy: OverflowStrategy): Repr<K, In, Out, Mat> {
    return this.via(buffer<Out>(size, strategy))
  }
  /** {@inheritDoc conflate} @see {@link conflate} */
  conflate(aggregate: (acc: Out, x: Out) => Out): Repr<K, In, Out, Mat> {
    return this.via(conflate(aggregate))
  }
  /** {@inheritDoc conflateWithSeed} @see {@link conflateWithSeed} */
  conflateWithSeed<S>(seed: (x: Out) => S, aggregate: (acc: S, x: Out) => S): Repr<K, In, S, Mat> {
    return this.via(conflateWithSeed(seed, aggregate))
  }
  /** {@inheritDoc batch} @see {@link batch} */
  batch<S>(max: number, seed: (x: Out) => S, aggregate: (acc: S, x: Out) => S): Repr<K, In, S, Mat> {
    return this.via(batch(max, seed, aggregate))
  }
  /** {@inheritDoc batchWeighted} @see {@link batchWeighted} */
  batchWeighted<S>(max: number, cost: (x: Out) => number, seed: (x: Out) => S, aggregate: (acc: S, x: Out) => S): Repr<K, In, S, Mat> {
    return this.via(batchWeighted(max, cost, seed, aggregate))
  }
  /** {@inheritDoc expand} @see {@link expand} */
  expand<R>(f: (x: Out) => Iterable<R> | Iterator<R>): Repr<K, In, R, Mat> {
    return this.via(expand(f))
  }
  /** {@inheritDoc extrapolate} @see {@link extrapolate} */
  extrapolate(f: (x: Out) => Iterable<Out> | Iterator<Out>, initial?: Out): Repr<K, In, Out, Mat> {
    return this.via(extrapolate(f, initial))
  }
  /** {@inheritDoc throttle} @see {@link throttle} */
  throttle(elements: number, per: Duration, options?: ThrottleOptions<Out>): Repr<K, In, Out, Mat> {
    return this.via(throttle(elements, per, options))
  }
  /** {@inheritDoc delay} @see {@link delay} */
  delay(duration: Duration, strategy?: DelayOverflowStrategy, options?: DelayOptions): Repr<K, In, Out, Mat> {
    return this.via(delay<Out>(duration, strategy, options))
  }
  /** {@inheritDoc delayWith} @see {@link delayWith} */
  delayWith(strategy: () => (x: Out) => Duration, overflow?: DelayOverflowStrategy, options?: DelayOptions): Repr<K, In, Out, Mat> {
    return this.via(delayWith(strategy, overflow, options))
  }
  /** {@inheritDoc groupedWithin} @see {@link groupedWithin} */
  groupedWithin(n: number, duration: Duration): Repr<K, In, Out[], Mat> {
    return this.via(groupedWithin<Out>(n, duration))
  }
  /** {@inheritDoc groupedWeightedWithin} @see {@link groupedWeightedWithin} */
  groupedWeightedWithin(
    maxWeight: number,
    duration: Duration,
    weight: (x: Out) => number,
    options?: GroupedWeightedWithinOptions,
  ): Repr<K, In, Out[], Mat> {
    return this.via(groupedWeightedWithin(maxWeight, duration, weight, options))
  }
  /** {@inheritDoc debounce} @see {@link debounce} */
  debounce(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(debounce<Out>(duration))
  }
  /** {@inheritDoc sample} @see {@link sample} */
  sample(period: Duration): Repr<K, In, Out, Mat> {
    return this.via(sample<Out>(period))
  }
  /** {@inheritDoc takeWithin} @see {@link takeWithin} */
  takeWithin(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(takeWithin<Out>(duration))
  }
  /** {@inheritDoc dropWithin} @see {@link dropWithin} */
  dropWithin(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(dropWithin<Out>(duration))
  }
  /** {@inheritDoc initialDelay} @see {@link initialDelay} */
  initialDelay(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(initialDelay<Out>(duration))
  }
  /** {@inheritDoc keepAlive} @see {@link keepAlive} */
  keepAlive<U = Out>(maxIdle: Duration, inject: () => U): Repr<K, In, Out | U, Mat> {
    return this.via(keepAlive<Out, U>(maxIdle, inject))
  }
  /** {@inheritDoc idleTimeout} @see {@link idleTimeout} */
  idleTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(idleTimeout<Out>(duration))
  }
  /** {@inheritDoc completionTimeout} @see {@link completionTimeout} */
  completionTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(completionTimeout<Out>(duration))
  }
  /** {@inheritDoc initialTimeout} @see {@link initialTimeout} */
  initialTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(initialTimeout<Out>(duration))
  }
  /** {@inheritDoc backpressureTimeout} @see {@link backpressureTimeout} */
  backpressureTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(backpressureTimeout<Out>(duration))
  }
  // ---- end async/time/buffer family ----

  // ---- fan-in/fan-out ----
  /** {@inheritDoc merge} @see {@link merge} */
  merge(other: SourceGraph<Out, unknown>, options?: MergeOptions): Repr<K, In, Out, Mat> {
    return this.via(merge(other, options))
  }
  /** {@inheritDoc mergeSorted} @see {@link mergeSorted} */
  mergeSorted(other: SourceGraph<Out, unknown>, compare?: (a: Out, b: Out) => number): Repr<K, In, Out, Mat> {
    return this.via(mergeSorted(other, compare))
  }
  /** {@inheritDoc mergePreferred} @see {@link mergePreferred} */
  mergePreferred(other: SourceGraph<Out, unknown>, options: MergePreferredOptions): Repr<K, In, Out, Mat> {
    return this.via(mergePreferred(other, options))
  }
  /** {@inheritDoc mergePrioritized} @see {@link mergePrioritized} */
  mergePrioritized(other: SourceGraph<Out, unknown>, thisPriority: number, otherPriority: number, options?: MergePrioritizedOptions): Repr<K, In, Out, Mat> {
    return this.via(mergePrioritized(other, thisPriority, otherPriority, options))
  }
  /** {@inheritDoc concat} @see {@link concat} */
  concat(other: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(concat(other))
  }
  /** {@inheritDoc prepend} @see {@link prepend} */
  prepend(other: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(prepend(other))
  }
  /** {@inheritDoc orElse} @see {@link orElse} */
  orElse(secondary: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(orElse(secondary))
  }
  /** {@inheritDoc interleave} @see {@link interleave} */
  interleave(other: SourceGraph<Out, unknown>, segmentSize: number, options?: InterleaveOptions): Repr<K, In, Out, Mat> {
    return this.via(interleave(other, segmentSize, options))
  }
  /** {@inheritDoc zip} @see {@link zip} */
  zip<U>(other: SourceGraph<U, unknown>): Repr<K, In, [Out, U], Mat> {
    return this.via(zip<Out, U, unknown>(other))
  }
  /** {@inheritDoc zipWith} @see {@link zipWith} */
  zipWith<U, R>(other: SourceGraph<U, unknown>, f: (a: Out, b: U) => R): Repr<K, In, R, Mat> {
    return this.via(zipWith(other, f))
  }
  /** {@inheritDoc zipLatest} @see {@link zipLatest} */
  zipLatest<U>(other: SourceGraph<U, unknown>): Repr<K, In, [Out, U], Mat> {
    return this.via(zipLatest<Out, U, unknown>(other))
  }
  /** {@inheritDoc zipLatestWith} @see {@link zipLatestWith} */
  zipLatestWith<U, R>(other: SourceGraph<U, unknown>, f: (a: Out, b: U) => R): Repr<K, In, R, Mat> {
    return this.via(zipLatestWith(other, f))
  }
  /** {@inheritDoc zipAll} @see {@link zipAll} */
  zipAll<U>(other: SourceGraph<U, unknown>, thisElem: Out, thatElem: U): Repr<K, In, [Out, U], Mat> {
    return this.via(zipAll(other, thisElem, thatElem))
  }
  /** {@inheritDoc alsoTo} @see {@link alsoTo} */
  alsoTo(sink: SinkGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(alsoTo(sink))
  }
  /** {@inheritDoc divertTo} @see {@link divertTo} */
  divertTo(sink: SinkGraph<Out, unknown>, predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(divertTo(sink, predicate))
  }
  /** {@inheritDoc wireTap} @see {@link wireTap} */
  wireTap(sink: SinkGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(wireTap(sink))
  }
  // ---- end fan-in/fan-out ----

  // ---- substreams/errors/lifecycle ----
  /** The blueprint (every Source and Flow has one). */
  abstract readonly module: Module
  /** Appends `flow`, combining the materialized values with `combine` (see `Keep`). */
  abstract viaMat<T, M, M2>(flow: FlowGraph<Out, T, M>, combine: (left: Mat, right: M) => M2): Repr<K, In, T, M2>
  /** Connects `sink`: a runnable graph for a Source, a Sink for a Flow; the materialized value stays this one's. */
  abstract to<M>(sink: SinkGraph<Out, M>): Closed<K, In, Mat>
  /** A blueprint of this kind around `module`. @internal */
  protected abstract withModule(module: Module): Repr<K, In, Out, Mat>
  /** `Source.fromGraph`, reachable from here without an import cycle. @internal */
  protected abstract sourceFrom<T, M>(graph: SourceGraph<T, M>): Source<T, M>

  /** {@inheritDoc flatMapConcat} @see {@link flatMapConcat} */
  flatMapConcat<R>(f: (x: Out) => SourceGraph<R, unknown>): Repr<K, In, R, Mat> {
    return this.via(flatMapConcat(f))
  }
  /** {@inheritDoc flatMapMerge} @see {@link flatMapMerge} */
  flatMapMerge<R>(breadth: number, f: (x: Out) => SourceGraph<R, unknown>): Repr<K, In, R, Mat> {
    return this.via(flatMapMerge(breadth, f))
  }
  /** {@inheritDoc switchMap} @see {@link switchMap} */
  switchMap<R>(f: (x: Out) => SourceGraph<R, unknown>): Repr<K, In, R, Mat> {
    return this.via(switchMap(f))
  }
  /**
   * Splits the stream into one substream per key (at most `maxSubstreams` open at once) and
   * returns a {@link SubFlow}: operators on it apply to each substream; `mergeSubstreams()`
   * joins them again. {@inheritDoc groupBy}
   * @see {@link groupBy}
   */
  groupBy<Key>(maxSubstreams: number, keyOf: (x: Out) => Key, options?: GroupByOptions): SubFlow<Out, Out, Mat, In, K> {
    return new SubFlow<Out, Out, Mat, In, K>(this, groupBy(maxSubstreams, keyOf, options), null)
  }
  /** Starts a new substream before each element where `predicate` holds; returns a {@link SubFlow}. @see {@link splitWhen} */
  splitWhen(predicate: (x: Out) => boolean, options?: SplitOptions): SubFlow<Out, Out, Mat, In, K> {
    return new SubFlow<Out, Out, Mat, In, K>(this, splitWhen(predicate, options), null)
  }
  /** Ends the current substream after each element where `predicate` holds; returns a {@link SubFlow}. @see {@link splitAfter} */
  splitAfter(predicate: (x: Out) => boolean, options?: SplitOptions): SubFlow<Out, Out, Mat, In, K> {
    return new SubFlow<Out, Out, Mat, In, K>(this, splitAfter(predicate, options), null)
  }
  /** {@inheritDoc prefixAndTail} @see {@link prefixAndTail} */
  prefixAndTail(n: number, options?: PrefixAndTailOptions): Repr<K, In, readonly [prefix: Out[], tail: Source<Out>], Mat> {
    const wrap = (pair: readonly [Out[], SourceGraph<Out, NotUsed>]): readonly [Out[], Source<Out>] => [pair[0], this.sourceFrom(pair[1])]
    const module = prefixAndTail<Out>(n, options).module.compose(map(wrap).module, [[0, 0]], keepLeftMat)
    return this.via<readonly [Out[], Source<Out>], NotUsed>({ module })
  }
  /** {@inheritDoc flatMapPrefix} @see {@link flatMapPrefix} */
  flatMapPrefix<R>(n: number, f: (prefix: Out[]) => FlowGraph<Out, R, unknown>): Repr<K, In, R, Mat> {
    return this.via(flatMapPrefix(n, f))
  }
  /** {@inheritDoc recover} @see {@link recover} */
  recover(f: (error: unknown) => Out | undefined): Repr<K, In, Out, Mat> {
    return this.via(recover(f))
  }
  /** {@inheritDoc recoverWith} @see {@link recoverWith} */
  recoverWith(f: (error: unknown) => SourceGraph<Out, unknown> | undefined): Repr<K, In, Out, Mat> {
    return this.via(recoverWith(f))
  }
  /** {@inheritDoc recoverWithRetries} @see {@link recoverWithRetries} */
  recoverWithRetries(attempts: number, f: (error: unknown) => SourceGraph<Out, unknown> | undefined): Repr<K, In, Out, Mat> {
    return this.via(recoverWithRetries(attempts, f))
  }
  /** {@inheritDoc mapError} @see {@link mapError} */
  mapError(f: (error: unknown) => unknown): Repr<K, In, Out, Mat> {
    return this.via(mapError<Out>(f))
  }
  /** {@inheritDoc onErrorComplete} @see {@link onErrorComplete} */
  onErrorComplete(predicate?: (error: unknown) => boolean): Repr<K, In, Out, Mat> {
    return this.via(onErrorComplete<Out>(predicate))
  }
  /** {@inheritDoc withSupervision} @see {@link withSupervision}, {@link Supervision} */
  withSupervision(decider: Decider): Repr<K, In, Out, Mat> {
    return this.withModule(withSupervision(this.module, decider))
  }
  /**
   * {@inheritDoc watchTermination} `combine` picks the materialized value, for example
   * `Keep.right` for the Promise alone.
   * @see {@link watchTermination}
   */
  watchTermination<M2>(combine: (mat: Mat, done: Promise<void>) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(watchTermination<Out>(), combine)
  }
  /**
   * {@inheritDoc monitor} `combine` picks the materialized value, for example `Keep.right` for
   * the monitor alone.
   * @see {@link monitor}
   */
  monitor<M2>(combine: (mat: Mat, monitor: FlowMonitor<Out>) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(monitor<Out>(), combine)
  }
  // ---- end substreams/errors/lifecycle ----
}

/** @internal */
export type { NotUsed }
