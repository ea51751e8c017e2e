export { Source } from './Source.js'
export { Flow } from './Flow.js'
export { Sink } from './Sink.js'
export { RunnableGraph } from './RunnableGraph.js'
export { Keep } from './Keep.js'
export { FlowOps, type Repr, type ReprMap, type Closed, type ClosedMap } from './FlowOps.js'
// ---- substreams/errors/lifecycle ----
export { SubFlow } from './SubFlow.js'
export { RestartSource } from './RestartSource.js'
export { RestartFlow } from './RestartFlow.js'
export { RestartSink } from './RestartSink.js'
// ---- end substreams/errors/lifecycle ----
// ---- fan-in/fan-out ----
export { GraphDSL, GraphBuilder, PortOps, type AddableGraph, type GraphOf, type ShapeOf, type MatOf, type ShapesOf, type MatsOf } from './GraphBuilder.js'
// ---- end fan-in/fan-out ----
