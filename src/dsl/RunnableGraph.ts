import type { Attributes } from '../core/Attributes.js'
import type { ClosedGraph } from '../core/Graph.js'
import { materialize, type RunOptions } from '../core/materialize.js'
import type { Module } from '../core/Module.js'

/**
 * A graph with no open ports: a blueprint that `run()` turns into a running stream, as often as
 * you like (each run is independent).
 *
 * @example
 * ```ts
 * const graph = Source.range(1, 3).toMat(Sink.collect(), Keep.right)
 * await graph.run() // [1, 2, 3]
 * await graph.run() // [1, 2, 3] again
 * ```
 * @category dsl
 * @since 0.1.0
 */
export class RunnableGraph<Mat> implements ClosedGraph<Mat> {
  declare readonly _mat?: Mat
  constructor(readonly module: Module) {}

  /** Wraps any closed graph. */
  static fromGraph<Mat>(graph: ClosedGraph<Mat>): RunnableGraph<Mat> {
    return graph instanceof RunnableGraph ? graph : new RunnableGraph<Mat>(graph.module)
  }

  /** Starts the stream and returns its materialized value. */
  run(options?: RunOptions): Mat {
    return materialize(this.module, options) as Mat
  }

  /** The same graph with its materialized value transformed by `f` (at each run). */
  mapMaterializedValue<M2>(f: (mat: Mat) => M2): RunnableGraph<M2> {
    return new RunnableGraph<M2>(this.module.mapMat(f as (m: unknown) => unknown))
  }

  /** The same graph with `attributes` added to every stage (a stage's own win). */
  withAttributes(attributes: Attributes): RunnableGraph<Mat> {
    return new RunnableGraph<Mat>(this.module.withAttributes(attributes))
  }

  /** The same graph with its stages named `name` in errors and logs. */
  named(name: string): RunnableGraph<Mat> {
    return this.withAttributes({ name })
  }
}
