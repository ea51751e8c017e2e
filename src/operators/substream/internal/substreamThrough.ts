import type { FlowGraph, SourceGraph } from '../../../core/Graph.js'
import { keepLeft } from '../../../core/Module.js'

/** Appends `inner` (the SubFlow's operators) to each substream; `null` when there are none. @internal */
export function substreamThrough<T, R>(inner: FlowGraph<T, R, unknown> | null): (source: SourceGraph<T, unknown>) => SourceGraph<R, unknown> {
  if (inner === null) return (source) => source as unknown as SourceGraph<R, unknown>
  return (source) => ({ module: source.module.compose(inner.module, [[0, 0]], keepLeft) })
}
