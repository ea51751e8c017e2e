export type { Attributes, SupervisionDecision } from './Attributes.js'
export {
  StageProtocolError,
  TimeoutError,
  BufferOverflowError,
  AbruptTerminationError,
  NonErrorThrown,
  EmptyStreamError,
  StreamLimitReachedError,
  failedStage,
  captureBuildSites,
  type FailureOrigin,
} from './errors.js'
export type { StageIntrospection } from './StageLogic.js'
export type { SourceGraph, FlowGraph, SinkGraph, ClosedGraph, NotUsed } from './Graph.js'
export { sourceOf, flowOf, sinkOf } from './Graph.js'
export { Module, type StageDesc, type Edge, type PortRef, type MatExpr } from './Module.js'
export type { RunOptions } from './materialize.js'
export { Inlet, Outlet, type InHandler, type OutHandler } from './ports.js'
export { RealScheduler, VirtualScheduler, defaultScheduler, type Scheduler, type TimerHandle } from './Scheduler.js'
export { StageLogic, LinearStage, SourceStage, SinkStage } from './StageLogic.js'
export { SubSinkInlet } from './SubSinkInlet.js'
export type { UnhandledErrorHook } from './Interpreter.js'
export type { Duration } from './args.js'
// ---- fan-in/fan-out ----
export {
  Shape,
  InPort,
  OutPort,
  ClosedShape,
  SourceShape,
  SinkShape,
  FlowShape,
  UniformFanInShape,
  UniformFanOutShape,
  MergePreferredShape,
  FanInShape2,
  FanOutShape2,
  type ShapedGraph,
  type AnyInPort,
  type AnyOutPort,
} from './Shape.js'
// ---- end fan-in/fan-out ----
