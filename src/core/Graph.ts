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

/** A one-stage source blueprint. @internal */
export function sourceOf<Out, Mat = NotUsed>(
  name: string,
  create: (attributes: Attributes) => StageLogic,
  fuseSource?: FusibleSource,
): SourceGraph<Out, Mat> {
  const desc = stageDesc(name, 0, 1, create)
  return { module: Module.of(fuseSource === undefined ? desc : { ...desc, fuseSource }) }
}

/** A one-stage flow blueprint. @internal */
export function flowOf<In, Out, Mat = NotUsed>(
  name: string,
  create: (attributes: Attributes) => StageLogic,
  fuse?: FusibleOp,
): FlowGraph<In, Out, Mat> {
  const desc = stageDesc(name, 1, 1, create)
  return { module: Module.of(fuse === undefined ? desc : { ...desc, fuse }) }
}

/** A one-stage sink blueprint. @internal */
export function sinkOf<In, Mat = NotUsed>(
  name: string,
  create: (attributes: Attributes) => StageLogic,
  fuseSink?: FusibleSink,
): SinkGraph<In, Mat> {
  const desc = stageDesc(name, 1, 0, create)
  return { module: Module.of(fuseSink === undefined ? desc : { ...desc, fuseSink }) }
}
