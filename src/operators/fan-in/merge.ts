import { requirePositiveInt } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { attachSources } from './internal/attachSources.js'
import { MergeLogic } from './internal/MergeLogic.js'

/** Options of {@link merge} and {@link Merge}. @category fan-in @since 0.1.0 */
export interface MergeOptions {
  /** Complete as soon as any input completes (after emitting what was already received). Default `false`. */
  readonly eagerComplete?: boolean
}

/**
 * Emits the elements of this stream and of `other` as they arrive, interleaved in arrival order.
 * Each input is asked for one element at a time and holds at most one.
 *
 * ```
 * in:    -1---3-----5--|
 * other: ---2-----4|
 * out:   -1-2-3---4-5--|
 * ```
 * - **Emits when** one of the inputs has an element available
 * - **Backpressures when** downstream backpressures
 * - **Completes when** all inputs have completed (with `eagerComplete`, when any has)
 * - **Fails when** any input fails
 * - **Cancels when** downstream cancels (all inputs are cancelled)
 *
 * @example
 * ```ts
 * const all = await Source.from([1, 3, 5]).merge(Source.from([2, 4])).runCollect()
 * all.sort() // [1, 2, 3, 4, 5]; the interleaving depends on timing
 * ```
 * @see {@link Merge}, {@link mergeAll}, {@link mergePreferred}, {@link mergeSorted}, {@link concat}
 * @category fan-in
 * @since 0.1.0
 */
export function merge<T, M>(other: SourceGraph<T, M>, options: MergeOptions = {}): FlowGraph<T, T, M> {
  const eager = options.eagerComplete ?? false
  return { module: attachSources(mergeModule(2, eager), [other], 0) }
}

/**
 * Graph-building form of {@link merge}: a stage with `inputs` inlets and one outlet, for
 * `GraphDSL` (`b.add(Merge.create<number>(3))`).
 *
 * ```
 *  in(0) ─┐
 *  in(1) ─┼─> out     first come, first served
 *  in(2) ─┘
 * ```
 * @example
 * ```ts
 * const merged = Source.fromGraph(GraphDSL.create((b) => {
 *   const m = b.add(Merge.create<number>(2))
 *   b.from(Source.single(1)).to(m.in(0))
 *   b.from(Source.single(2)).to(m.in(1))
 *   return SourceShape.of(m.out)
 * }))
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const Merge = {
  create<T>(inputs: number, options: MergeOptions = {}): ShapedGraph<UniformFanInShape<T, T>, NotUsed> {
    requirePositiveInt('Merge.create', 'inputs', inputs)
    return shaped(mergeModule(inputs, options.eagerComplete ?? false), UniformFanInShape.template<T, T>(inputs))
  },
}

/** @internal */
export function mergeModule(inputs: number, eagerComplete: boolean): Module {
  const desc = stageDesc('merge', inputs, 1, () => new MergeLogic(inputs, eagerComplete))
  // Fed only by synchronous fusible sources, a run may fuse it with them (ADR 0010). Not with
  // eagerComplete: which input's completion it sees first depends on the order of its stages.
  return Module.of(eagerComplete ? desc : { ...desc, fuseFanIn: { kind: 'merge' } })
}
