import type { SourceGraph } from '../../../core/Graph.js'
import { keepLeft, keepRight, type Module } from '../../../core/Module.js'

/**
 * Wires `sources` into the inlets of the one-stage fan-in `fanIn`, in order, skipping the inlet
 * `open` (which stays open, so the result is a flow) or none (`null`: the result is a source).
 * The materialized value is the first source's.
 *
 * @internal
 */
export function attachSources(fanIn: Module, sources: readonly SourceGraph<unknown, unknown>[], open: number | null): Module {
  let m = fanIn
  let slot = 0
  for (let k = 0; k < sources.length; k++) {
    if (slot === open) slot++
    // The unwired inlets stay in ascending order: the open one (if below) and then `slot`.
    const position = open !== null && open < slot ? 1 : 0
    // Each source is composed on its own so that its own `.async()` mark applies to its wire.
    m = sources[k]!.module.compose(m, [[0, position]], k === 0 ? keepLeft : keepRight)
    slot++
  }
  return m
}
