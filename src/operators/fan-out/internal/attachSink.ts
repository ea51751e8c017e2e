import type { SinkGraph } from '../../../core/Graph.js'
import { keepRight, type Module } from '../../../core/Module.js'

/**
 * Wires outlet `outlet` of the one-stage fan-out `fanOut` into `sink`; the other outlet stays
 * open, so a two-outlet fan-out becomes a flow. The materialized value is the sink's.
 *
 * @internal
 */
export function attachSink(fanOut: Module, sink: SinkGraph<never, unknown>, outlet: number): Module {
  return fanOut.compose(sink.module, [[outlet, 0]], keepRight)
}
