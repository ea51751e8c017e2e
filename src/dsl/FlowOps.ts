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
// ---- operators of 0.2.0 ----
import { collectFirst } from '../operators/simple/collectFirst.js'
import { collectType, type ClassOf } from '../operators/simple/collectType.js'
import { collectWhile } from '../operators/simple/collectWhile.js'
import { dropRepeated } from '../operators/simple/dropRepeated.js'
import { filterNot } from '../operators/simple/filterNot.js'
import { takeUntil } from '../operators/simple/takeUntil.js'
import { statefulMapConcat } from '../operators/simple/statefulMapConcat.js'
import { mapWithResource } from '../operators/simple/mapWithResource.js'
import { groupedWeighted } from '../operators/simple/groupedWeighted.js'
import { groupedAdjacentBy } from '../operators/simple/groupedAdjacentBy.js'
import { limitWeighted } from '../operators/simple/limitWeighted.js'
import { doOnFirst } from '../operators/simple/doOnFirst.js'
import { doOnCancel } from '../operators/simple/doOnCancel.js'
import { detach } from '../operators/buffer/detach.js'
import { scanAsync } from '../operators/async/scanAsync.js'
import { onErrorResume } from '../operators/error/onErrorResume.js'
import { concatLazy } from '../operators/fan-in/concatLazy.js'
import { concatAllLazy } from '../operators/fan-in/concatAllLazy.js'
import { prependLazy } from '../operators/fan-in/prependLazy.js'
import { interleaveAll } from '../operators/fan-in/interleaveAll.js'
import { mergeLatest, type MergeLatestOptions } from '../operators/fan-in/mergeLatest.js'
import { alsoToAll } from '../operators/fan-out/alsoToAll.js'
import { mapAsyncPartitionedUnordered } from '../operators/async/mapAsyncPartitionedUnordered.js'
import { aggregateWithBoundary, type AggregateTimer } from '../operators/time/aggregateWithBoundary.js'
// ---- end operators of 0.2.0 ----
// ---- async/time/buffer family ----
import { filterAsync } from '../operators/async/filterAsync.js'
import { foldAsync } from '../operators/async/foldAsync.js'
import { mapAsync } from '../operators/async/mapAsync.js'
import { mapAsyncPartitioned, type MapAsyncPartitionedOptions } from '../operators/async/mapAsyncPartitioned.js'
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

/** Maps a receiver kind to the type an operator returns on it (a `Source` or a `Flow`). */
export interface ReprMap<In, Out, Mat> {
  source: Source<Out, Mat>
  flow: Flow<In, Out, Mat>
}

/** What an operator returns on a receiver of kind `K`. */
export type Repr<K extends keyof ReprMap<unknown, unknown, unknown>, In, Out, Mat> = ReprMap<In, Out, Mat>[K]

// ---- substreams/errors/lifecycle ----
/** Maps a receiver kind to what connecting a sink to it gives (a `RunnableGraph` or a `Sink`). */
export interface ClosedMap<In, Mat> {
  source: RunnableGraph<Mat>
  flow: Sink<In, Mat>
}

/** What connecting a sink to a receiver of kind `K` returns: a runnable graph, or a sink. */
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

  /** Transforms each element with `f`. See {@link operators!simple.map | map}. */
  map<R>(f: (x: Out) => R): Repr<K, In, R, Mat> {
    return this.via(map(f))
  }
  /** Passes on the elements for which `predicate` holds. See {@link operators!simple.filter | filter}. */
  filter<S extends Out>(predicate: (x: Out) => x is S): Repr<K, In, S, Mat>
  filter(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat>
  filter(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(filter(predicate))
  }
  /** Maps each element with `f` and passes on the results that are not `undefined` (Pekko's `collect`). See {@link operators!simple.filterMap | filterMap}. */
  filterMap<R>(f: (x: Out) => R | undefined): Repr<K, In, R, Mat> {
    return this.via(filterMap(f))
  }
  /** Maps each element to an iterable and emits its elements one by one, on demand. See {@link operators!simple.mapConcat | mapConcat}. */
  mapConcat<R>(f: (x: Out) => Iterable<R>): Repr<K, In, R, Mat> {
    return this.via(mapConcat(f))
  }
  /** Emits `zero`, then the running accumulation of `f` over the elements. See {@link operators!simple.scan | scan}. */
  scan<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc): Repr<K, In, Acc, Mat> {
    return this.via(scan(zero, f))
  }
  /** Folds all elements with `f`, starting from `zero`, and emits the result when upstream completes. See {@link operators!simple.fold | fold}. */
  fold<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc): Repr<K, In, Acc, Mat> {
    return this.via(fold(zero, f))
  }
  /** Like {@link operators!simple.fold | fold} with the first element as the start value; fails on an empty stream. See {@link operators!simple.reduce | reduce}. */
  reduce(f: (acc: Out, x: Out) => Out): Repr<K, In, Out, Mat> {
    return this.via(reduce(f))
  }
  /** Passes on the first `count` elements, then cancels upstream and completes. See {@link operators!simple.take | take}. */
  take(count: number): Repr<K, In, Out, Mat> {
    return this.via(take<Out>(count))
  }
  /** Passes on elements while `predicate` holds, then cancels upstream and completes. See {@link operators!simple.takeWhile | takeWhile}. */
  takeWhile(predicate: (x: Out) => boolean, options?: TakeWhileOptions): Repr<K, In, Out, Mat> {
    return this.via(takeWhile(predicate, options))
  }
  /** Discards the first `count` elements, then passes on the rest. See {@link operators!simple.drop | drop}. */
  drop(count: number): Repr<K, In, Out, Mat> {
    return this.via(drop<Out>(count))
  }
  /** Discards elements while `predicate` holds, then passes on everything from the first element for which it does not. See {@link operators!simple.dropWhile | dropWhile}. */
  dropWhile(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(dropWhile(predicate))
  }
  /** Collects elements into arrays of `size`; the last array may be shorter. See {@link operators!simple.grouped | grouped}. */
  grouped(size: number): Repr<K, In, Out[], Mat> {
    return this.via(grouped<Out>(size))
  }
  /** Emits windows of `size` elements, each starting `step` elements after the previous one. See {@link operators!simple.sliding | sliding}. */
  sliding(size: number, step?: number): Repr<K, In, Out[], Mat> {
    return this.via(sliding<Out>(size, step))
  }
  /** Puts `inject` between consecutive elements, and optionally `start` before and `end` after them. See {@link operators!simple.intersperse | intersperse}. */
  intersperse(inject: Out, options?: IntersperseOptions<Out>): Repr<K, In, Out, Mat> {
    return this.via(intersperse(inject, options))
  }
  /** Pairs each element with its index, from 0. See {@link operators!simple.zipWithIndex | zipWithIndex}. */
  zipWithIndex(): Repr<K, In, [Out, number], Mat> {
    return this.via(zipWithIndex<Out>())
  }
  /** Maps elements with a state: `create` makes the state for each run, `f` returns the next state and the element to emit (or `undefined` to emit nothing), and `onComplete` may emit one last element from the final state. See {@link operators!simple.statefulMap | statefulMap}. */
  statefulMap<S, R>(
    create: () => S,
    f: (state: S, x: Out) => readonly [S, R | undefined],
    onComplete?: (state: S) => R | undefined,
  ): Repr<K, In, R, Mat> {
    return this.via(statefulMap(create, f, onComplete))
  }
  /** Passes elements on unchanged but fails with `StreamLimitReachedError` when more than `max` arrive: a guard that a stream stays as small as you expect (before `runCollect`, say). See {@link operators!simple.limit | limit}. */
  limit(max: number): Repr<K, In, Out, Mat> {
    return this.via(limit<Out>(max))
  }
  /** Logs elements, completion, failure and cancellation under `name`, and passes elements on unchanged. See {@link operators!simple.log | log}. */
  log(name: string, options?: LogOptions<Out>): Repr<K, In, Out, Mat> {
    return this.via(log(name, options))
  }

  // ---- operators of 0.2.0 ----
  /** Passes on the elements for which `predicate` does not hold. See {@link operators!simple.filterNot | filterNot}. */
  filterNot(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(filterNot(predicate))
  }
  /** Passes on elements until `predicate` holds for one, emits that one too, then completes. See {@link operators!simple.takeUntil | takeUntil}. */
  takeUntil(predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(takeUntil(predicate))
  }
  /** Emits `f(x)` for the first element where it is not `undefined`, then completes. See {@link operators!simple.collectFirst | collectFirst}. */
  collectFirst<R>(f: (x: Out) => R | undefined | null): Repr<K, In, R, Mat> {
    return this.via(collectFirst(f))
  }
  /** Emits `f(x)` while it is not `undefined`, then completes. See {@link operators!simple.collectWhile | collectWhile}. */
  collectWhile<R>(f: (x: Out) => R | undefined | null): Repr<K, In, R, Mat> {
    return this.via(collectWhile(f))
  }
  /** Passes on the instances of a class, or the elements a type guard accepts, and drops the others. See {@link operators!simple.collectType | collectType}. */
  collectType<S extends Out>(type: ClassOf<S> | ((x: Out) => x is S)): Repr<K, In, S, Mat> {
    return this.via(collectType(type))
  }
  /** Drops each element equal (by `equals`, default `Object.is`) to the one emitted just before it. See {@link operators!simple.dropRepeated | dropRepeated}. */
  dropRepeated(equals?: (previous: Out, next: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(dropRepeated(equals))
  }
  /** Like `mapConcat`, with `create` making the mapping function afresh for each run, so it can keep state in its closure. See {@link operators!simple.statefulMapConcat | statefulMapConcat}. */
  statefulMapConcat<R>(create: () => (x: Out) => Iterable<R>): Repr<K, In, R, Mat> {
    return this.via(statefulMapConcat(create))
  }
  /** Maps each element with a resource opened by `create` when the stream starts and closed by `close` exactly once when it stops; what `close` returns on completion is emitted last. See {@link operators!simple.mapWithResource | mapWithResource}. */
  mapWithResource<R, T>(create: () => R, f: (resource: R, x: Out) => T | undefined, close: (resource: R) => T | undefined | void): Repr<K, In, T, Mat> {
    return this.via(mapWithResource(create, f, close))
  }
  /** Collects elements into arrays until their total weight reaches `minWeight`. See {@link operators!simple.groupedWeighted | groupedWeighted}. */
  groupedWeighted(minWeight: number, cost: (x: Out) => number): Repr<K, In, Out[], Mat> {
    return this.via(groupedWeighted(minWeight, cost))
  }
  /** Collects runs of adjacent elements with the same key into arrays. See {@link operators!simple.groupedAdjacentBy | groupedAdjacentBy}. */
  groupedAdjacentBy<Key>(keyOf: (x: Out) => Key): Repr<K, In, Out[], Mat> {
    return this.via(groupedAdjacentBy(keyOf))
  }
  /** Fails with `StreamLimitReachedError` when the total weight of the elements exceeds `max`. See {@link operators!simple.limitWeighted | limitWeighted}. */
  limitWeighted(max: number, cost: (x: Out) => number): Repr<K, In, Out, Mat> {
    return this.via(limitWeighted(max, cost))
  }
  /** Calls `f` with the first element, then passes every element on unchanged. See {@link operators!simple.doOnFirst | doOnFirst}. */
  doOnFirst(f: (x: Out) => void): Repr<K, In, Out, Mat> {
    return this.via(doOnFirst(f))
  }
  /** Calls `f(cause, wasCancelledNormally)` when downstream cancels, before the cancellation goes upstream. See {@link operators!simple.doOnCancel | doOnCancel}. */
  doOnCancel(f: (cause: unknown, wasCancelledNormally: boolean) => void): Repr<K, In, Out, Mat> {
    return this.via(doOnCancel<Out>(f))
  }
  /** Holds at most one element, asking upstream for it before downstream does. See {@link operators!buffer.detach | detach}. */
  detach(): Repr<K, In, Out, Mat> {
    return this.via(detach<Out>())
  }
  /** Emits `zero`, then the running accumulation of an asynchronous `f`, one call at a time. See {@link operators!async.scanAsync | scanAsync}. */
  scanAsync<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc | PromiseLike<Acc>): Repr<K, In, Acc, Mat> {
    return this.via(scanAsync(zero, f))
  }
  /** When upstream fails, continues with the source `f` returns for the error, once. See {@link operators!error.onErrorResume | onErrorResume}. */
  onErrorResume(f: (error: unknown) => SourceGraph<Out, unknown> | undefined): Repr<K, In, Out, Mat> {
    return this.via(onErrorResume(f))
  }
  /** Emits this stream's elements, then `other`'s; `other` is materialized only when its turn comes. See {@link operators!fanIn.concatLazy | concatLazy}. */
  concatLazy(other: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(concatLazy(other))
  }
  /** Emits this stream's elements, then each of `others` in turn, each materialized only when its turn comes. See {@link operators!fanIn.concatAllLazy | concatAllLazy}. */
  concatAllLazy(...others: SourceGraph<Out, unknown>[]): Repr<K, In, Out, Mat> {
    return this.via(concatAllLazy(...others))
  }
  /** Emits `other`'s elements first (materialized when downstream first asks), then this stream's. See {@link operators!fanIn.prependLazy | prependLazy}. */
  prependLazy(other: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(prependLazy(other))
  }
  /** Takes `segmentSize` elements from this stream, then from each of `others` in turn, round and round. See {@link operators!fanIn.interleaveAll | interleaveAll}. */
  interleaveAll(others: readonly SourceGraph<Out, unknown>[], segmentSize: number, options?: InterleaveOptions): Repr<K, In, Out, Mat> {
    return this.via(interleaveAll(others, segmentSize, options))
  }
  /** Emits `[a, b]`, the latest of each input, for every element either brings once both have. See {@link operators!fanIn.mergeLatest | mergeLatest}. */
  mergeLatest(other: SourceGraph<Out, unknown>, options?: MergeLatestOptions): Repr<K, In, Out[], Mat> {
    return this.via(mergeLatest(other, options))
  }
  /** Passes elements on and also sends each one to every sink in `sinks`. See {@link operators!fanOut.alsoToAll | alsoToAll}. */
  alsoToAll(...sinks: SinkGraph<Out, unknown>[]): Repr<K, In, Out, Mat> {
    return this.via(alsoToAll(...sinks))
  }
  /** Like `mapAsyncPartitioned` (one call at a time per partition), but emits each result as soon as it settles. See {@link operators!async.mapAsyncPartitionedUnordered | mapAsyncPartitionedUnordered}. */
  mapAsyncPartitionedUnordered<P, R>(
    parallelism: number,
    partitionOf: (x: Out) => P,
    f: (x: Out, partition: P) => R | null | undefined | PromiseLike<R | null | undefined>,
  ): Repr<K, In, R, Mat> {
    return this.via(mapAsyncPartitionedUnordered(parallelism, partitionOf, f))
  }
  /** Builds aggregates (`allocate`, `aggregate` returning `[agg, complete]`) and emits `harvest(agg)` for each complete one, or on a timer. See {@link operators!time.aggregateWithBoundary | aggregateWithBoundary}. */
  aggregateWithBoundary<Agg, Emit>(
    allocate: () => Agg,
    aggregate: (agg: Agg, x: Out) => readonly [Agg, boolean],
    harvest: (agg: Agg) => Emit,
    emitOnTimer?: AggregateTimer<Agg>,
  ): Repr<K, In, Emit, Mat> {
    return this.via(aggregateWithBoundary(allocate, aggregate, harvest, emitOnTimer))
  }
  // ---- end operators of 0.2.0 ----

  // ---- async/time/buffer family ----
  /** Calls `f` on each element with up to `parallelism` calls in flight, and emits the results in the order of the elements, whatever order they settle in. See {@link operators!async.mapAsync | mapAsync}. */
  mapAsync<R>(parallelism: number, f: (x: Out) => R | null | undefined | PromiseLike<R | null | undefined>): Repr<K, In, R, Mat> {
    return this.via(mapAsync(parallelism, f))
  }
  /** Like {@link operators!async.mapAsync | mapAsync}, but emits each result as soon as it settles, in whatever order that is. See {@link operators!async.mapAsyncUnordered | mapAsyncUnordered}. */
  mapAsyncUnordered<R>(parallelism: number, f: (x: Out) => R | null | undefined | PromiseLike<R | null | undefined>): Repr<K, In, R, Mat> {
    return this.via(mapAsyncUnordered(parallelism, f))
  }
  /** Like {@link operators!async.mapAsync | mapAsync}, with at most one call in flight per partition (`partitionOf(x)`): calls for one partition run one after the other, in order, while different partitions run side by side, up to `parallelism` elements buffered in all. See {@link operators!async.mapAsyncPartitioned | mapAsyncPartitioned}. */
  mapAsyncPartitioned<P, R>(
    parallelism: number,
    partitionOf: (x: Out) => P,
    f: (x: Out, partition: P) => R | null | undefined | PromiseLike<R | null | undefined>,
    options?: MapAsyncPartitionedOptions,
  ): Repr<K, In, R, Mat> {
    return this.via(mapAsyncPartitioned(parallelism, partitionOf, f, options))
  }
  /** Passes on the elements for which `predicate` resolves truthy, with up to `parallelism` checks in flight, in the order the elements came. See {@link operators!async.filterAsync | filterAsync}. */
  filterAsync(parallelism: number, predicate: (x: Out) => boolean | PromiseLike<boolean>): Repr<K, In, Out, Mat> {
    return this.via(filterAsync(parallelism, predicate))
  }
  /** Folds the elements with an asynchronous `f`, one call at a time, and emits the final value when upstream completes (`zero` for an empty stream). See {@link operators!async.foldAsync | foldAsync}. */
  foldAsync<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc | PromiseLike<Acc>): Repr<K, In, Acc, Mat> {
    return this.via(foldAsync(zero, f))
  }
  /** Holds up to `size` elements so that upstream can run ahead of a slower downstream; when the buffer is full, `strategy` decides (see {@link OverflowStrategy}). See {@link operators!buffer.buffer | buffer}. */
  buffer(size: number, strategy: OverflowStrategy): Repr<K, In, Out, Mat> {
    return this.via(buffer<Out>(size, strategy))
  }
  /** While downstream is busy, combines the elements that arrive into one with `aggregate`; hands the combined value over when downstream pulls. See {@link operators!buffer.conflate | conflate}. */
  conflate(aggregate: (acc: Out, x: Out) => Out): Repr<K, In, Out, Mat> {
    return this.via(conflate(aggregate))
  }
  /** Like {@link operators!buffer.conflate | conflate}, with the aggregate of another type: `seed` turns the first element after an emission into an aggregate, `aggregate` folds the following ones into it. See {@link operators!buffer.conflateWithSeed | conflateWithSeed}. */
  conflateWithSeed<S>(seed: (x: Out) => S, aggregate: (acc: S, x: Out) => S): Repr<K, In, S, Mat> {
    return this.via(conflateWithSeed(seed, aggregate))
  }
  /** Like {@link operators!buffer.conflateWithSeed | conflateWithSeed}, but at most `max` elements go into one aggregate: when it is full, upstream is backpressured until downstream takes it. See {@link operators!buffer.batch | batch}. */
  batch<S>(max: number, seed: (x: Out) => S, aggregate: (acc: S, x: Out) => S): Repr<K, In, S, Mat> {
    return this.via(batch(max, seed, aggregate))
  }
  /** Like {@link operators!buffer.batch | batch}, with each element weighing `cost(x)`: an aggregate takes elements while their total cost stays within `max`. See {@link operators!buffer.batchWeighted | batchWeighted}. */
  batchWeighted<S>(max: number, cost: (x: Out) => number, seed: (x: Out) => S, aggregate: (acc: S, x: Out) => S): Repr<K, In, S, Mat> {
    return this.via(batchWeighted(max, cost, seed, aggregate))
  }
  /** Turns each element into an iterator with `f` and answers downstream from it while upstream has nothing new; a new element replaces the iterator. See {@link operators!buffer.expand | expand}. */
  expand<R>(f: (x: Out) => Iterable<R> | Iterator<R>): Repr<K, In, R, Mat> {
    return this.via(expand(f))
  }
  /** Passes each element on, and while upstream is silent and downstream keeps pulling, emits what `f` derives from the latest element. See {@link operators!buffer.extrapolate | extrapolate}. */
  extrapolate(f: (x: Out) => Iterable<Out> | Iterator<Out>, initial?: Out): Repr<K, In, Out, Mat> {
    return this.via(extrapolate(f, initial))
  }
  /** Limits the rate to `elements` cost units per `per`, with a token bucket: a bucket of `maximumBurst` tokens, full at start, refilled by one token every `per / elements`. See {@link operators!time.throttle | throttle}. */
  throttle(elements: number, per: Duration, options?: ThrottleOptions<Out>): Repr<K, In, Out, Mat> {
    return this.via(throttle(elements, per, options))
  }
  /** Shifts every element by `duration`: each is emitted no earlier than `duration` after it arrived, in arrival order. See {@link operators!time.delay | delay}. */
  delay(duration: Duration, strategy?: DelayOverflowStrategy, options?: DelayOptions): Repr<K, In, Out, Mat> {
    return this.via(delay<Out>(duration, strategy, options))
  }
  /** Like {@link operators!time.delay | delay}, with a delay chosen per element: `strategy()` is called once per run and returns the function that gives each element its delay (it may keep state, for example to back off). See {@link operators!time.delayWith | delayWith}. */
  delayWith(strategy: () => (x: Out) => Duration, overflow?: DelayOverflowStrategy, options?: DelayOptions): Repr<K, In, Out, Mat> {
    return this.via(delayWith(strategy, overflow, options))
  }
  /** Collects elements into arrays, emitting one when it holds `n` elements or when `duration` has passed since the window opened, whichever comes first; no empty arrays. See {@link operators!time.groupedWithin | groupedWithin}. */
  groupedWithin(n: number, duration: Duration): Repr<K, In, Out[], Mat> {
    return this.via(groupedWithin<Out>(n, duration))
  }
  /** Like {@link operators!time.groupedWithin | groupedWithin}, with a limit on the total `weight` of a group instead of (or as well as) its size: a group is emitted when the next element would take it over `maxWeight` (that element starts the next group), when it reaches `maxWeight` or `maxNumber`, or when the window timer fires. See {@link operators!time.groupedWeightedWithin | groupedWeightedWithin}. */
  groupedWeightedWithin(
    maxWeight: number,
    duration: Duration,
    weight: (x: Out) => number,
    options?: GroupedWeightedWithinOptions,
  ): Repr<K, In, Out[], Mat> {
    return this.via(groupedWeightedWithin(maxWeight, duration, weight, options))
  }
  /** Emits an element only once `duration` has passed without a newer one; each new element replaces the one held and restarts the wait. See {@link operators!time.debounce | debounce}. */
  debounce(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(debounce<Out>(duration))
  }
  /** Every `period`, emits the latest element that arrived since the previous sample, if any. See {@link operators!time.sample | sample}. */
  sample(period: Duration): Repr<K, In, Out, Mat> {
    return this.via(sample<Out>(period))
  }
  /** Passes elements on until `duration` has passed since the stream started, then cancels upstream and completes. See {@link operators!time.takeWithin | takeWithin}. */
  takeWithin(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(takeWithin<Out>(duration))
  }
  /** Drops the elements that arrive within `duration` of the start of the stream (an element arriving exactly at `duration` is still dropped), then passes everything on. See {@link operators!time.dropWithin | dropWithin}. */
  dropWithin(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(dropWithin<Out>(duration))
  }
  /** Does not pull upstream until `duration` has passed since the stream started; from then on it passes everything through. See {@link operators!time.initialDelay | initialDelay}. */
  initialDelay(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(initialDelay<Out>(duration))
  }
  /** Injects `inject()` whenever no element has come from upstream for `maxIdle` and downstream is waiting, so that a quiet stream still shows signs of life (heartbeats). See {@link operators!time.keepAlive | keepAlive}. */
  keepAlive<U = Out>(maxIdle: Duration, inject: () => U): Repr<K, In, Out | U, Mat> {
    return this.via(keepAlive<Out, U>(maxIdle, inject))
  }
  /** Fails the stream with a {@link TimeoutError} when no element has passed for `duration` (counted from the start, then from each element). See {@link operators!time.idleTimeout | idleTimeout}. */
  idleTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(idleTimeout<Out>(duration))
  }
  /** Fails the stream with a {@link TimeoutError} if it has not completed within `duration` of its start, exactly at that deadline. See {@link operators!time.completionTimeout | completionTimeout}. */
  completionTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(completionTimeout<Out>(duration))
  }
  /** Fails the stream with a {@link TimeoutError} if the first element has not passed within `duration` of the start, exactly at that deadline; after the first element it does nothing. See {@link operators!time.initialTimeout | initialTimeout}. */
  initialTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(initialTimeout<Out>(duration))
  }
  /** Fails the stream with a {@link TimeoutError} when downstream has not asked for the next element within `duration` of the previous one being emitted (or of the start, for the first pull). See {@link operators!time.backpressureTimeout | backpressureTimeout}. */
  backpressureTimeout(duration: Duration): Repr<K, In, Out, Mat> {
    return this.via(backpressureTimeout<Out>(duration))
  }
  // ---- end async/time/buffer family ----

  // ---- fan-in/fan-out ----
  /** Emits the elements of this stream and of `other` as they arrive, interleaved in arrival order. See {@link operators!fanIn.merge | merge}. */
  merge(other: SourceGraph<Out, unknown>, options?: MergeOptions): Repr<K, In, Out, Mat> {
    return this.via(merge(other, options))
  }
  /** Merges two sorted streams into one sorted stream: it waits until it has the next element of both inputs and emits the smaller (this stream's on a tie). See {@link operators!fanIn.mergeSorted | mergeSorted}. */
  mergeSorted(other: SourceGraph<Out, unknown>, compare?: (a: Out, b: Out) => number): Repr<K, In, Out, Mat> {
    return this.via(mergeSorted(other, compare))
  }
  /** Merges this stream and `other`; when both have an element waiting, the preferred side's is emitted first. See {@link operators!fanIn.mergePreferred | mergePreferred}. */
  mergePreferred(other: SourceGraph<Out, unknown>, options: MergePreferredOptions): Repr<K, In, Out, Mat> {
    return this.via(mergePreferred(other, options))
  }
  /** Merges this stream (weight `thisPriority`) and `other` (weight `otherPriority`): when both have an element waiting, one is chosen at random with probability proportional to its weight. See {@link operators!fanIn.mergePrioritized | mergePrioritized}. */
  mergePrioritized(other: SourceGraph<Out, unknown>, thisPriority: number, otherPriority: number, options?: MergePrioritizedOptions): Repr<K, In, Out, Mat> {
    return this.via(mergePrioritized(other, thisPriority, otherPriority, options))
  }
  /** Emits every element of this stream, then every element of `other`. See {@link operators!fanIn.concat | concat}. */
  concat(other: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(concat(other))
  }
  /** Emits every element of `other` first, then every element of this stream, which is pulled only after `other` has completed. See {@link operators!fanIn.prepend | prepend}. */
  prepend(other: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(prepend(other))
  }
  /** Emits this stream's elements; if it completes without emitting any, emits `secondary`'s instead. See {@link operators!fanIn.orElse | orElse}. */
  orElse(secondary: SourceGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(orElse(secondary))
  }
  /** Takes `segmentSize` elements from this stream, then `segmentSize` from `other`, and so on. See {@link operators!fanIn.interleave | interleave}. */
  interleave(other: SourceGraph<Out, unknown>, segmentSize: number, options?: InterleaveOptions): Repr<K, In, Out, Mat> {
    return this.via(interleave(other, segmentSize, options))
  }
  /** Pairs each element of this stream with the element of `other` at the same position, emitting `[a, b]`. See {@link operators!fanIn.zip | zip}. */
  zip<U>(other: SourceGraph<U, unknown>): Repr<K, In, [Out, U], Mat> {
    return this.via(zip<Out, U, unknown>(other))
  }
  /** Pairs each element of this stream with the element of `other` at the same position and emits `f(a, b)`. See {@link operators!fanIn.zipWith | zipWith}. */
  zipWith<U, R>(other: SourceGraph<U, unknown>, f: (a: Out, b: U) => R): Repr<K, In, R, Mat> {
    return this.via(zipWith(other, f))
  }
  /** Emits `[a, b]` with the latest element of each input: once both have emitted, each new element on either side gives a new pair (when downstream asks). See {@link operators!fanIn.zipLatest | zipLatest}. */
  zipLatest<U>(other: SourceGraph<U, unknown>): Repr<K, In, [Out, U], Mat> {
    return this.via(zipLatest<Out, U, unknown>(other))
  }
  /** Combines the latest element of this stream with the latest of `other`: once both have emitted, emits `f(a, b)` each time either side brings a new element (when downstream asks). See {@link operators!fanIn.zipLatestWith | zipLatestWith}. */
  zipLatestWith<U, R>(other: SourceGraph<U, unknown>, f: (a: Out, b: U) => R): Repr<K, In, R, Mat> {
    return this.via(zipLatestWith(other, f))
  }
  /** Pairs elements at the same position like {@link operators!fanIn.zip | zip}, but goes on until both inputs have completed, filling in `thisElem` or `thatElem` for the side that ended first. See {@link operators!fanIn.zipAll | zipAll}. */
  zipAll<U>(other: SourceGraph<U, unknown>, thisElem: Out, thatElem: U): Repr<K, In, [Out, U], Mat> {
    return this.via(zipAll(other, thisElem, thatElem))
  }
  /** Passes elements on and also sends each one to `sink`. See {@link operators!fanOut.alsoTo | alsoTo}. */
  alsoTo(sink: SinkGraph<Out, unknown>): Repr<K, In, Out, Mat> {
    return this.via(alsoTo(sink))
  }
  /** Like {@link FlowOps.alsoTo | alsoTo}, combining this graph's materialized value with `sink`'s using `combine` (see `Keep`). See {@link operators!fanOut.alsoTo | alsoTo}. */
  alsoToMat<M, M2>(sink: SinkGraph<Out, M>, combine: (mat: Mat, sinkMat: M) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(alsoTo(sink), combine)
  }
  /** Like {@link FlowOps.wireTap | wireTap}, combining this graph's materialized value with `sink`'s using `combine` (see `Keep`). See {@link operators!fanOut.wireTap | wireTap}. */
  wireTapMat<M, M2>(sink: SinkGraph<Out, M>, combine: (mat: Mat, sinkMat: M) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(wireTap(sink), combine)
  }
  /** Like {@link FlowOps.divertTo | divertTo}, combining this graph's materialized value with `sink`'s using `combine` (see `Keep`). See {@link operators!fanOut.divertTo | divertTo}. */
  divertToMat<M, M2>(sink: SinkGraph<Out, M>, predicate: (x: Out) => boolean, combine: (mat: Mat, sinkMat: M) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(divertTo(sink, predicate), combine)
  }
  /** Sends the elements for which `predicate` holds to `sink` instead of downstream; the others pass on. See {@link operators!fanOut.divertTo | divertTo}. */
  divertTo(sink: SinkGraph<Out, unknown>, predicate: (x: Out) => boolean): Repr<K, In, Out, Mat> {
    return this.via(divertTo(sink, predicate))
  }
  /** Passes elements on and offers each one to `sink` without waiting for it: when `sink` has not asked, the element is not sent there. See {@link operators!fanOut.wireTap | wireTap}. */
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

  /** Turns each element into a source with `f` and emits all of that source's elements before starting the next one. See {@link operators!substream.flatMapConcat | flatMapConcat}. */
  flatMapConcat<R>(f: (x: Out) => SourceGraph<R, unknown>): Repr<K, In, R, Mat> {
    return this.via(flatMapConcat(f))
  }
  /** Turns each element into a source with `f` and runs up to `breadth` of those sources at once, emitting their elements as they arrive. See {@link operators!substream.flatMapMerge | flatMapMerge}. */
  flatMapMerge<R>(breadth: number, f: (x: Out) => SourceGraph<R, unknown>): Repr<K, In, R, Mat> {
    return this.via(flatMapMerge(breadth, f))
  }
  /** Turns each element into a source with `f` and emits from the latest one only: a new upstream element cancels the running inner source and starts the next (RxJS `switchMap`). See {@link operators!substream.switchMap | switchMap}. */
  switchMap<R>(f: (x: Out) => SourceGraph<R, unknown>): Repr<K, In, R, Mat> {
    return this.via(switchMap(f))
  }
  /**
   * Splits the stream into one substream per key (at most `maxSubstreams` open at once) and
   * returns a {@link SubFlow}: operators on it apply to each substream; `mergeSubstreams()`
   * joins them again. Splits the stream into one substream per key: emits a new substream `Source` the first time a key is seen and routes every element to the substream of its key. See {@link operators!substream.groupBy | groupBy}.
   * @see {@link operators!substream.groupBy | groupBy}
   */
  groupBy<Key>(maxSubstreams: number, keyOf: (x: Out) => Key, options?: GroupByOptions): SubFlow<Out, Out, Mat, In, K> {
    return new SubFlow<Out, Out, Mat, In, K>(this, groupBy(maxSubstreams, keyOf, options), null)
  }
  /** Starts a new substream before each element where `predicate` holds; returns a {@link SubFlow}. @see {@link operators!substream.splitWhen | splitWhen} */
  splitWhen(predicate: (x: Out) => boolean, options?: SplitOptions): SubFlow<Out, Out, Mat, In, K> {
    return new SubFlow<Out, Out, Mat, In, K>(this, splitWhen(predicate, options), null)
  }
  /** Ends the current substream after each element where `predicate` holds; returns a {@link SubFlow}. @see {@link operators!substream.splitAfter | splitAfter} */
  splitAfter(predicate: (x: Out) => boolean, options?: SplitOptions): SubFlow<Out, Out, Mat, In, K> {
    return new SubFlow<Out, Out, Mat, In, K>(this, splitAfter(predicate, options), null)
  }
  /** Takes the first `n` elements and emits them, as an array, together with a `Source` of the rest of the stream (the tail); then completes. See {@link operators!substream.prefixAndTail | prefixAndTail}. */
  prefixAndTail(n: number, options?: PrefixAndTailOptions): Repr<K, In, readonly [prefix: Out[], tail: Source<Out>], Mat> {
    const wrap = (pair: readonly [Out[], SourceGraph<Out, NotUsed>]): readonly [Out[], Source<Out>] => [pair[0], this.sourceFrom(pair[1])]
    const module = prefixAndTail<Out>(n, options).module.compose(map(wrap).module, [[0, 0]], keepLeftMat)
    return this.via<readonly [Out[], Source<Out>], NotUsed>({ module })
  }
  /** Takes the first `n` elements, builds a flow from them with `f`, and sends the rest of the stream through that flow. See {@link operators!substream.flatMapPrefix | flatMapPrefix}. */
  flatMapPrefix<R>(n: number, f: (prefix: Out[]) => FlowGraph<Out, R, unknown>): Repr<K, In, R, Mat> {
    return this.via(flatMapPrefix(n, f))
  }
  /** When upstream fails, emits one last element computed from the error by `f` and completes; when `f` returns `undefined` the failure passes on unchanged. See {@link operators!error.recover | recover}. */
  recover(f: (error: unknown) => Out | undefined): Repr<K, In, Out, Mat> {
    return this.via(recover(f))
  }
  /** When upstream fails, continues with the source `f` returns for the error, as often as needed (a recovery source that fails is recovered again). See {@link operators!error.recoverWith | recoverWith}. */
  recoverWith(f: (error: unknown) => SourceGraph<Out, unknown> | undefined): Repr<K, In, Out, Mat> {
    return this.via(recoverWith(f))
  }
  /** When upstream fails, continues with the source `f` returns for the error; if that source fails as well, `f` is asked again, at most `attempts` times in all. See {@link operators!error.recoverWithRetries | recoverWithRetries}. */
  recoverWithRetries(attempts: number, f: (error: unknown) => SourceGraph<Out, unknown> | undefined): Repr<K, In, Out, Mat> {
    return this.via(recoverWithRetries(attempts, f))
  }
  /** Replaces an upstream failure with `f(error)`: wrap low-level errors in your own types. See {@link operators!error.mapError | mapError}. */
  mapError(f: (error: unknown) => unknown): Repr<K, In, Out, Mat> {
    return this.via(mapError<Out>(f))
  }
  /** Turns an upstream failure into completion when `predicate(error)` holds (by default, always). See {@link operators!error.onErrorComplete | onErrorComplete}. */
  onErrorComplete(predicate?: (error: unknown) => boolean): Repr<K, In, Out, Mat> {
    return this.via(onErrorComplete<Out>(predicate))
  }
  /** Sets the supervision strategy of every stage of a graph that runs a user function: when that function throws, `decider(error)` chooses `'stop'` (fail, the default), `'resume'` (drop the element and go on) or `'restart'` (drop it, reset the stage's state and go on). See {@link operators!error.withSupervision | withSupervision}., {@link Supervision} */
  withSupervision(decider: Decider): Repr<K, In, Out, Mat> {
    return this.withModule(withSupervision(this.module, decider))
  }
  /**
   * Passes elements on unchanged and materializes a Promise that settles when the stream ends at this point: resolved when upstream completes or downstream cancels, rejected with the error when upstream fails (or downstream cancels with an error). See {@link operators!lifecycle.watchTermination | watchTermination}. `combine` picks the materialized value, for example
   * `Keep.right` for the Promise alone.
   * @see {@link operators!lifecycle.watchTermination | watchTermination}
   */
  watchTermination<M2>(combine: (mat: Mat, done: Promise<void>) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(watchTermination<Out>(), combine)
  }
  /**
   * Passes elements on unchanged and materializes a {@link FlowMonitor} whose `state` tells what went through last: `initialized`, `received` (with the element), `failed` (with the error) or `finished` (completed, or cancelled by downstream). See {@link operators!lifecycle.monitor | monitor}. `combine` picks the materialized value, for example `Keep.right` for
   * the monitor alone.
   * @see {@link operators!lifecycle.monitor | monitor}
   */
  monitor<M2>(combine: (mat: Mat, monitor: FlowMonitor<Out>) => M2): Repr<K, In, Out, M2> {
    return this.viaMat(monitor<Out>(), combine)
  }
  // ---- end substreams/errors/lifecycle ----
}

/** @internal */
export type { NotUsed }
