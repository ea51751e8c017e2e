/**
 * Typed views of a {@link Module}: what operator factories return and what the DSL accepts.
 * The element and materialized-value types are phantoms that exist only for the compiler.
 *
 * @module
 */
import type { Attributes } from './Attributes.js'
import { type FusibleOp, type FusibleSink, type FusibleSource, Module, stageDesc } from './Module.js'
import type { StageLogic } from './StageLogic.js'

/** The materialized value of a stage that has nothing to offer. @category core @since 0.1.0 */
export type NotUsed = undefined

/** A graph with one open outlet of `Out`. @category core @since 0.1.0 */
export interface SourceGraph<Out, Mat> {
  readonly module: Module
  /** @internal */ readonly _out?: Out
  /** @internal */ readonly _mat?: Mat
}

/** A graph with one open inlet of `In` and one open outlet of `Out`. @category core @since 0.1.0 */
export interface FlowGraph<In, Out, Mat> {
  readonly module: Module
  /** @internal */ readonly _in?: (x: In) => void
  /** @internal */ readonly _out?: Out
  /** @internal */ readonly _mat?: Mat
}

/** A graph with one open inlet of `In`. @category core @since 0.1.0 */
export interface SinkGraph<In, Mat> {
  readonly module: Module
  /** @internal */ readonly _in?: (x: In) => void
  /** @internal */ readonly _mat?: Mat
}

/** A graph with no open port, ready to run. @category core @since 0.1.0 */
export interface ClosedGraph<Mat> {
  readonly module: Module
  /** @internal */ readonly _mat?: Mat
}

/**
 * A one-stage source blueprint: the way to turn your own {@link SourceStage} into something the
 * DSL takes (`Source.fromGraph(sourceOf(...))`). `create` makes a fresh stage for every run; `name`
 * is the stage's name in errors, snapshots and stall reports.
 *
 * @example
 * ```ts
 * class Countdown extends SourceStage<number> {
 *   private n = 3
 *   onPull(): void {
 *     if (this.n === 0) this.completeStage()
 *     else this.push(this.out, this.n--)
 *   }
 * }
 * await Source.fromGraph(sourceOf<number>('countdown', () => new Countdown())).runCollect() // [3, 2, 1]
 * ```
 * @category core
 * @since 0.1.0
 */
export function sourceOf<Out, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic): SourceGraph<Out, Mat>
/** With what the runtime needs to fuse the stage with its neighbours (built-in operators only). @internal */
export function sourceOf<Out, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic, fuseSource?: FusibleSource): SourceGraph<Out, Mat>
export function sourceOf<Out, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic, fuseSource?: FusibleSource): SourceGraph<Out, Mat> {
  const desc = stageDesc(name, 0, 1, create)
  return { module: Module.of(fuseSource === undefined ? desc : { ...desc, fuseSource }) }
}

/**
 * A one-stage flow blueprint for your own {@link LinearStage} (use it with `via`, or wrap it with
 * `Flow.fromGraph`). Where the user's code calls this is the stage's build site.
 *
 * @example
 * ```ts
 * class Twice extends LinearStage<number, number> {
 *   onPush(): void {
 *     this.push(this.out, this.grab(this.in) * 2)
 *   }
 * }
 * await Source.range(1, 3).via(flowOf<number, number>('twice', () => new Twice())).runCollect() // [2, 4, 6]
 * ```
 * @category core
 * @since 0.1.0
 */
export function flowOf<In, Out, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic): FlowGraph<In, Out, Mat>
/** With what the runtime needs to fuse the stage with its neighbours (built-in operators only). @internal */
export function flowOf<In, Out, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic, fuse?: FusibleOp): FlowGraph<In, Out, Mat>
export function flowOf<In, Out, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic, fuse?: FusibleOp): FlowGraph<In, Out, Mat> {
  const desc = stageDesc(name, 1, 1, create)
  return { module: Module.of(fuse === undefined ? desc : { ...desc, fuse }) }
}

/**
 * A one-stage sink blueprint for your own {@link SinkStage}; set `this.mat` in the stage to what
 * the sink materializes.
 *
 * @example
 * ```ts
 * class Total extends SinkStage<number> {
 *   private sum = 0
 *   override preStart(): void {
 *     this.pull(this.in)
 *   }
 *   onPush(): void {
 *     this.sum += this.grab(this.in)
 *     this.pull(this.in)
 *   }
 *   override onUpstreamFinish(): void {
 *     console.log('total', this.sum)
 *     this.completeStage()
 *   }
 * }
 * Source.range(1, 4).runWith(sinkOf<number>('total', () => new Total())) // logs: total 10
 * ```
 * @category core
 * @since 0.1.0
 */
export function sinkOf<In, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic): SinkGraph<In, Mat>
/** With what the runtime needs to fuse the stage with its neighbours (built-in operators only). @internal */
export function sinkOf<In, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic, fuseSink?: FusibleSink): SinkGraph<In, Mat>
export function sinkOf<In, Mat = NotUsed>(name: string, create: (attributes: Attributes) => StageLogic, fuseSink?: FusibleSink): SinkGraph<In, Mat> {
  const desc = stageDesc(name, 1, 0, create)
  return { module: Module.of(fuseSink === undefined ? desc : { ...desc, fuseSink }) }
}
