import type { FlowGraph, NotUsed, SinkGraph, SourceGraph } from '../core/Graph.js'
import { keepLeft } from '../core/Module.js'
import { drop } from '../operators/simple/drop.js'
import { dropWhile } from '../operators/simple/dropWhile.js'
import { filter } from '../operators/simple/filter.js'
import { filterMap } from '../operators/simple/filterMap.js'
import { fold } from '../operators/simple/fold.js'
import { grouped } from '../operators/simple/grouped.js'
import { map } from '../operators/simple/map.js'
import { mapConcat } from '../operators/simple/mapConcat.js'
import { reduce } from '../operators/simple/reduce.js'
import { scan } from '../operators/simple/scan.js'
import { statefulMap } from '../operators/simple/statefulMap.js'
import { take } from '../operators/simple/take.js'
import { takeWhile, type TakeWhileOptions } from '../operators/simple/takeWhile.js'
import { ignore } from '../operators/sink/ignore.js'
import { concatSubstreams } from '../operators/substream/concatSubstreams.js'
import { flatMapConcat } from '../operators/substream/flatMapConcat.js'
import { flatMapMerge } from '../operators/substream/flatMapMerge.js'
import { mergeSubstreams } from '../operators/substream/mergeSubstreams.js'
import { substreamsTo } from '../operators/substream/substreamsTo.js'
import type { Closed, FlowOps, Repr, ReprMap } from './FlowOps.js'

/**
 * The substreams of `groupBy`, `splitWhen` or `splitAfter`, before they are joined again. The
 * operators on a SubFlow apply to every substream separately (a `fold` folds each group); then
 * `mergeSubstreams()`, `concatSubstreams()` or `to(sink)` returns to the main stream.
 *
 * ```
 *                 ┌─ substream k1 ─ map ─ fold ─┐
 * source ─ groupBy┼─ substream k2 ─ map ─ fold ─┼─ mergeSubstreams ─▶
 *                 └─ substream k3 ─ map ─ fold ─┘
 * ```
 *
 * Only the common operators are methods here; put anything else in a `Flow` and pass it to
 * `via`. Type parameters: `S` the element type at the split, `Out` the current element type
 * inside the substreams, and `Mat`, `In`, `K` those of the stream that was split.
 *
 * @example
 * ```ts
 * const counts = await Source.from(['a', 'b', 'a', 'c', 'a'])
 *   .groupBy(10, (w) => w)
 *   .map((w) => [w, 1] as [string, number])
 *   .reduce(([w, n], [, m]) => [w, n + m])
 *   .mergeSubstreams()
 *   .runCollect()
 * // [['b', 1], ['c', 1], ['a', 3]] in some order
 * ```
 * @category substream
 * @since 0.1.0
 */
export class SubFlow<S, Out, Mat, In, K extends keyof ReprMap<unknown, unknown, unknown>> {
  /** @internal */
  constructor(
    private readonly parent: FlowOps<In, S, Mat, K>,
    private readonly split: FlowGraph<S, SourceGraph<S, NotUsed>, unknown>,
    private readonly inner: FlowGraph<S, Out, unknown> | null,
  ) {}

  /** Appends `flow` to every substream. */
  via<R>(flow: FlowGraph<Out, R, unknown>): SubFlow<S, R, Mat, In, K> {
    const inner = this.inner === null ? flow : { module: this.inner.module.compose(flow.module, [[0, 0]], keepLeft) }
    return new SubFlow<S, R, Mat, In, K>(this.parent, this.split, inner as unknown as FlowGraph<S, R, unknown>)
  }

  /**
   * Merges the substreams' outputs into one stream, running all of them at once (as many as the
   * split allows: `groupBy`'s `maxSubstreams`).
   */
  mergeSubstreams(): Repr<K, In, Out, Mat> {
    return this.close(mergeSubstreams<S, Out>(this.inner))
  }

  /** Merges the substreams' outputs, running at most `parallelism` substreams at once. */
  mergeSubstreamsWithParallelism(parallelism: number): Repr<K, In, Out, Mat> {
    return this.close(mergeSubstreams<S, Out>(this.inner, { parallelism }))
  }

  /**
   * Emits the substreams' outputs one substream after the other. Right for `splitWhen` and
   * `splitAfter`; with `groupBy` it deadlocks once a second key arrives while the first
   * substream is still open (it completes only when upstream does): use `mergeSubstreams` there.
   */
  concatSubstreams(): Repr<K, In, Out, Mat> {
    return this.close(concatSubstreams<S, Out>(this.inner))
  }

  /**
   * Runs every substream into its own copy of `sink`. The result is closed: a runnable graph
   * when the split stream was a `Source`, a `Sink` when it was a `Flow`. It completes when
   * upstream and every substream have ended.
   */
  to<M>(sink: SinkGraph<Out, M>): Closed<K, In, Mat> {
    const each = this.inner === null ? sink : { module: this.inner.module.compose(sink.module, [[0, 0]], keepLeft) }
    const merged = this.close(substreamsTo<S>(each as unknown as SinkGraph<S, unknown>)) as unknown as FlowOps<In, never, Mat, K>
    return merged.to(ignore())
  }

  private close<R>(join: FlowGraph<SourceGraph<S, unknown>, R, unknown>): Repr<K, In, R, Mat> {
    const graph: FlowGraph<S, R, unknown> = { module: this.split.module.compose(join.module, [[0, 0]], keepLeft) }
    return this.parent.via(graph)
  }

  // ---- operators applied to every substream ---------------------------------------------------

  /** Transforms each element with `f`. See {@link operators!simple.map | map}. */
  map<R>(f: (x: Out) => R): SubFlow<S, R, Mat, In, K> {
    return this.via(map(f))
  }
  /** Passes on the elements for which `predicate` holds. See {@link operators!simple.filter | filter}. */
  filter(predicate: (x: Out) => boolean): SubFlow<S, Out, Mat, In, K> {
    return this.via(filter(predicate))
  }
  /** Maps each element with `f` and passes on the results that are not `undefined` (Pekko's `collect`). See {@link operators!simple.filterMap | filterMap}. */
  filterMap<R>(f: (x: Out) => R | undefined): SubFlow<S, R, Mat, In, K> {
    return this.via(filterMap(f))
  }
  /** Maps each element to an iterable and emits its elements one by one, on demand. See {@link operators!simple.mapConcat | mapConcat}. */
  mapConcat<R>(f: (x: Out) => Iterable<R>): SubFlow<S, R, Mat, In, K> {
    return this.via(mapConcat(f))
  }
  /** Emits `zero`, then the running accumulation of `f` over the elements. See {@link operators!simple.scan | scan}. */
  scan<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc): SubFlow<S, Acc, Mat, In, K> {
    return this.via(scan(zero, f))
  }
  /** Folds all elements with `f`, starting from `zero`, and emits the result when upstream completes. See {@link operators!simple.fold | fold}. */
  fold<Acc>(zero: Acc, f: (acc: Acc, x: Out) => Acc): SubFlow<S, Acc, Mat, In, K> {
    return this.via(fold(zero, f))
  }
  /** Like {@link operators!simple.fold | fold} with the first element as the start value; fails on an empty stream. See {@link operators!simple.reduce | reduce}. */
  reduce(f: (acc: Out, x: Out) => Out): SubFlow<S, Out, Mat, In, K> {
    return this.via(reduce(f))
  }
  /** Passes on the first `count` elements, then cancels upstream and completes. See {@link operators!simple.take | take}. */
  take(count: number): SubFlow<S, Out, Mat, In, K> {
    return this.via(take<Out>(count))
  }
  /** Passes on elements while `predicate` holds, then cancels upstream and completes. See {@link operators!simple.takeWhile | takeWhile}. */
  takeWhile(predicate: (x: Out) => boolean, options?: TakeWhileOptions): SubFlow<S, Out, Mat, In, K> {
    return this.via(takeWhile(predicate, options))
  }
  /** Discards the first `count` elements, then passes on the rest. See {@link operators!simple.drop | drop}. */
  drop(count: number): SubFlow<S, Out, Mat, In, K> {
    return this.via(drop<Out>(count))
  }
  /** Discards elements while `predicate` holds, then passes on everything from the first element for which it does not. See {@link operators!simple.dropWhile | dropWhile}. */
  dropWhile(predicate: (x: Out) => boolean): SubFlow<S, Out, Mat, In, K> {
    return this.via(dropWhile(predicate))
  }
  /** Collects elements into arrays of `size`; the last array may be shorter. See {@link operators!simple.grouped | grouped}. */
  grouped(size: number): SubFlow<S, Out[], Mat, In, K> {
    return this.via(grouped<Out>(size))
  }
  /** Maps elements with a state: `create` makes the state for each run, `f` returns the next state and the element to emit (or `undefined` to emit nothing), and `onComplete` may emit one last element from the final state. See {@link operators!simple.statefulMap | statefulMap}. */
  statefulMap<St, R>(
    create: () => St,
    f: (state: St, x: Out) => readonly [St, R | undefined],
    onComplete?: (state: St) => R | undefined,
  ): SubFlow<S, R, Mat, In, K> {
    return this.via(statefulMap(create, f, onComplete))
  }
  /** Turns each element into a source with `f` and emits all of that source's elements before starting the next one. See {@link operators!substream.flatMapConcat | flatMapConcat}. */
  flatMapConcat<R>(f: (x: Out) => SourceGraph<R, unknown>): SubFlow<S, R, Mat, In, K> {
    return this.via(flatMapConcat(f))
  }
  /** Turns each element into a source with `f` and runs up to `breadth` of those sources at once, emitting their elements as they arrive. See {@link operators!substream.flatMapMerge | flatMapMerge}. */
  flatMapMerge<R>(breadth: number, f: (x: Out) => SourceGraph<R, unknown>): SubFlow<S, R, Mat, In, K> {
    return this.via(flatMapMerge(breadth, f))
  }
}
