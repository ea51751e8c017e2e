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
import type { Flow } from './Flow.js'
import type { Source } from './Source.js'

/** @internal */
export interface ReprMap<In, Out, Mat> {
  source: Source<Out, Mat>
  flow: Flow<In, Out, Mat>
}

/** What an operator returns on a receiver of kind `K`. @internal */
export type Repr<K extends keyof ReprMap<unknown, unknown, unknown>, In, Out, Mat> = ReprMap<In, Out, Mat>[K]

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
}

/** @internal */
export type { NotUsed }
