import { requirePositiveInt } from '../../core/args.js'
import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import { InPort, MergePreferredShape, OutPort, shaped, type ShapedGraph } from '../../core/Shape.js'
import { attachSources } from './internal/attachSources.js'
import { MergeLogic } from './internal/MergeLogic.js'

/** Options of {@link mergePreferred}. @category fan-in @since 0.1.0 */
export interface MergePreferredOptions {
  /** Which side wins when both have an element waiting: this stream or `other`. */
  readonly prefer: 'this' | 'other'
  /** Complete as soon as either input completes. Default `false`. */
  readonly eagerComplete?: boolean
}

/**
 * Merges this stream and `other`; when both have an element waiting, the preferred side's is
 * emitted first. The other side is served only when the preferred one has nothing ready.
 *
 * ```
 * in:    -a-b-c-d|          (prefer: 'this', both always ready)
 * other: -1-2-3-4|
 * out:   -a-b-c-d-1-2-3-4|
 * ```
 * - **Emits when** one of the inputs has an element available, the preferred one first
 * - **Backpressures when** downstream backpressures
 * - **Completes when** both inputs have completed (with `eagerComplete`, when either has)
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const out = await Source.from([1, 2]).mergePreferred(Source.from([10, 20]), { prefer: 'other' }).runCollect()
 * out.length // 4
 * ```
 * **Gotchas**: a preferred input that is always ready starves the other one.
 * @see {@link MergePreferred}, {@link merge}, {@link mergePrioritized}
 * @category fan-in
 * @since 0.1.0
 */
export function mergePreferred<T, M>(other: SourceGraph<T, M>, options: MergePreferredOptions): FlowGraph<T, T, M> {
  if (options === null || typeof options !== 'object' || (options.prefer !== 'this' && options.prefer !== 'other'))
    throw new TypeError(`mergePreferred(options): expected { prefer: 'this' | 'other' }, got ${String(options?.prefer)}`)
  const eager = options.eagerComplete ?? false
  // The preferred inlet is in0: `other` goes to in1 when this stream is preferred, else to in0.
  return { module: attachSources(preferredModule(1, eager), [other], options.prefer === 'this' ? 0 : 1) }
}

/**
 * Graph-building form of {@link mergePreferred}: one `preferred` inlet and `secondaryInputs`
 * others (`in(i)`), one outlet.
 *
 * ```
 *  preferred ─┐
 *  in(0) ─────┼─> out     preferred first, then first come first served
 *  in(1) ─────┘
 * ```
 * @example
 * ```ts
 * const m = MergePreferred.create<number>(2) // m.shape.preferred, m.shape.in(0), m.shape.in(1)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const MergePreferred = {
  create<T>(secondaryInputs: number, options: { readonly eagerComplete?: boolean } = {}): ShapedGraph<MergePreferredShape<T>, NotUsed> {
    requirePositiveInt('MergePreferred.create', 'secondaryInputs', secondaryInputs)
    const ins = [new InPort<T>('preferred'), ...Array.from({ length: secondaryInputs }, (_, i) => new InPort<T>(`in${i}`))]
    return shaped(preferredModule(secondaryInputs, options.eagerComplete ?? false), new MergePreferredShape<T>(ins, new OutPort<T>('out')))
  },
}

function preferredModule(secondary: number, eagerComplete: boolean): Module {
  return Module.of(stageDesc('mergePreferred', secondary + 1, 1, () => new MergePreferredLogic(secondary + 1, eagerComplete)))
}

class MergePreferredLogic<T> extends MergeLogic<T> {
  protected override select(): number {
    for (let p = 0; p < this.size; p++) if (this.ring[(this.head + p) % this.ring.length] === 0) return p
    return 0
  }
}
