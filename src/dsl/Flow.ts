import type { Attributes } from '../core/Attributes.js'
import type { FlowGraph, NotUsed, SinkGraph } from '../core/Graph.js'
import { keepBoth, keepLeft, type Module } from '../core/Module.js'
import { identity } from '../operators/simple/identity.js'
import { asPublisher } from '../operators/sink/asPublisher.js'
import { asSubscriber } from '../operators/source/asSubscriber.js'
import type { Processor, Publisher, Subscriber } from '../spec/types.js'
import { FlowOps } from './FlowOps.js'
import { RunnableGraph } from './RunnableGraph.js'
import { Sink } from './Sink.js'
import { withBoundary } from './Source.js'
// ---- substreams/errors/lifecycle ----
import type { SourceGraph } from '../core/Graph.js'
import { Source } from './Source.js'
import { withAttributesSupervised } from '../operators/error/internal/supervise.js'
// ---- end substreams/errors/lifecycle ----

/**
 * A blueprint of a processing step with one input of `In` and one output of `Out` that
 * materializes `Mat`. Build one with `Flow.create<T>()` and operators, then attach it with `via`.
 *
 * @example
 * ```ts
 * const double = Flow.create<number>().map((x) => x * 2)
 * await Source.range(1, 3).via(double).runCollect() // [2, 4, 6]
 * ```
 * @category dsl
 * @since 0.1.0
 */
export class Flow<In, Out, Mat = NotUsed> extends FlowOps<In, Out, Mat, 'flow'> implements FlowGraph<In, Out, Mat> {
  declare readonly _in?: (x: In) => void
  declare readonly _out?: Out
  declare readonly _mat?: Mat
  constructor(readonly module: Module) {
    super()
    if (module.ins.length !== 1 || module.outs.length !== 1)
      throw new TypeError(`Flow: expected a graph with 1 inlet and 1 outlet, got ${module.ins.length} and ${module.outs.length}`)
  }

  // ---- substreams/errors/lifecycle ----
  /** @internal */
  protected withModule(module: Module): Flow<In, Out, Mat> {
    return new Flow(module)
  }
  /** @internal */
  protected sourceFrom<T, M>(graph: SourceGraph<T, M>): Source<T, M> {
    return Source.fromGraph(graph)
  }
  // ---- end substreams/errors/lifecycle ----

  /** The flow that passes elements on unchanged; the starting point for building one. */
  static create<T>(): Flow<T, T> {
    return new Flow(identity<T>().module)
  }
  /** Wraps any graph with one open inlet and one open outlet. */
  static fromGraph<I, O, M>(graph: FlowGraph<I, O, M>): Flow<I, O, M> {
    return graph instanceof Flow ? (graph as Flow<I, O, M>) : new Flow<I, O, M>(graph.module)
  }
  /** A flow that maps each element with `f`. */
  static fromFunction<I, O>(f: (x: I) => O): Flow<I, O> {
    return Flow.create<I>().map(f)
  }

  via<T, M>(flow: FlowGraph<Out, T, M>): Flow<In, T, Mat> {
    return new Flow(this.module.compose(flow.module, [[0, 0]], keepLeft))
  }
  /** Appends `flow`, combining the materialized values with `combine` (see `Keep`). */
  viaMat<T, M, M2>(flow: FlowGraph<Out, T, M>, combine: (left: Mat, right: M) => M2): Flow<In, T, M2> {
    return new Flow(this.module.compose(flow.module, [[0, 0]], combine as (l: unknown, r: unknown) => unknown))
  }
  /** Connects `sink`, giving a sink; the materialized value stays this one's. */
  to<M>(sink: SinkGraph<Out, M>): Sink<In, Mat> {
    return new Sink(this.module.compose(sink.module, [[0, 0]], keepLeft))
  }
  /** Connects `sink`, combining the materialized values with `combine` (see `Keep`). */
  toMat<M, M2>(sink: SinkGraph<Out, M>, combine: (left: Mat, right: M) => M2): Sink<In, M2> {
    return new Sink(this.module.compose(sink.module, [[0, 0]], combine as (l: unknown, r: unknown) => unknown))
  }
  /** The same flow with its materialized value transformed by `f` (at each run). */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): Flow<In, Out, M2> {
    return new Flow(this.module.mapMat(f as (m: unknown) => unknown))
  }
  withAttributes(attributes: Attributes): Flow<In, Out, Mat> {
    return new Flow(withAttributesSupervised(this.module, attributes))
  }
  async(options: { readonly bufferSize?: number } = {}): Flow<In, Out, Mat> {
    return new Flow(withBoundary(this.module, options.bufferSize))
  }

  /**
   * A graph that, when run, materializes this flow as a Reactive Streams `Processor`: what is
   * published to its Subscriber side comes out, transformed, of its Publisher side.
   *
   * @example
   * ```ts
   * const processor = Flow.create<number>().map((x) => x + 1).toProcessor().run()
   * Source.range(1, 3).runWith(Sink.fromSubscriber(processor))
   * await Source.fromPublisher(processor).runCollect() // [2, 3, 4]
   * ```
   */
  toProcessor(): RunnableGraph<Processor<In, Out>> {
    const graph = asSubscriber<In>().module
      .compose(this.module, [[0, 0]], keepLeft)
      .compose(asPublisher<Out>().module, [[0, 0]], keepBoth)
    return new RunnableGraph<[Subscriber<In>, Publisher<Out>]>(graph).mapMaterializedValue(([subscriber, publisher]) => ({
      onSubscribe: (s) => subscriber.onSubscribe(s),
      onNext: (x) => subscriber.onNext(x),
      onError: (e) => subscriber.onError(e),
      onComplete: () => subscriber.onComplete(),
      subscribe: (s) => publisher.subscribe(s),
    }))
  }
}
