import type { FlowGraph, NotUsed, SourceGraph } from '../../core/Graph.js'
import { Module, stageDesc } from '../../core/Module.js'
import { shaped, UniformFanInShape, type ShapedGraph } from '../../core/Shape.js'
import { attachSources } from './internal/attachSources.js'
import { MergeLogic } from './internal/MergeLogic.js'
import { seededRandom } from './internal/seededRandom.js'

/** Options of {@link mergePrioritized}. @category fan-in @since 0.1.0 */
export interface MergePrioritizedOptions {
  /** Complete as soon as any input completes. Default `false`. */
  readonly eagerComplete?: boolean
  /**
   * A seed for the random choices: each run then makes the same choices for the same arrivals
   * (with a virtual scheduler, the whole run is reproducible). Default: `Math.random`.
   */
  readonly seed?: number
  /** The random source itself, returning numbers in [0, 1) (wins over `seed`). @since 0.2.0 */
  readonly random?: () => number
}

/**
 * Merges this stream (weight `thisPriority`) and `other` (weight `otherPriority`): when both have
 * an element waiting, one is chosen at random with probability proportional to its weight.
 *
 * ```
 * in:    -a-a-a-a-a-a|      thisPriority 3
 * other: -b-b-b-b-b-b|      otherPriority 1
 * out:   -a-a-b-a-a-a-b-... (about 3 a's for each b while both are ready)
 * ```
 * - **Emits when** one of the inputs has an element available
 * - **Backpressures when** downstream backpressures
 * - **Completes when** both inputs have completed (with `eagerComplete`, when either has)
 * - **Fails when** either input fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const out = await Source.repeat('a').take(90).mergePrioritized(Source.repeat('b').take(10), 9, 1).runCollect()
 * out.length // 100
 * ```
 * @see {@link MergePrioritized}, {@link mergePreferred}, {@link merge}
 * @category fan-in
 * @since 0.1.0
 */
export function mergePrioritized<T, M>(
  other: SourceGraph<T, M>,
  thisPriority: number,
  otherPriority: number,
  options: MergePrioritizedOptions = {},
): FlowGraph<T, T, M> {
  const priorities = checkPriorities('mergePrioritized', [thisPriority, otherPriority])
  return { module: attachSources(prioritizedModule(priorities, options.eagerComplete ?? false, randomOf('mergePrioritized', options)), [other], 0) }
}

/**
 * Graph-building form of {@link mergePrioritized}: one inlet per entry of `priorities` (positive
 * weights), one outlet.
 *
 * @example
 * ```ts
 * const m = MergePrioritized.create<string>([3, 1]) // in(0) is chosen 3 times as often as in(1)
 * ```
 * @category fan-in
 * @since 0.1.0
 */
export const MergePrioritized = {
  create<T>(priorities: readonly number[], options: MergePrioritizedOptions = {}): ShapedGraph<UniformFanInShape<T, T>, NotUsed> {
    const checked = checkPriorities('MergePrioritized.create', priorities)
    const random = randomOf('MergePrioritized.create', options)
    return shaped(prioritizedModule(checked, options.eagerComplete ?? false, random), UniformFanInShape.template<T, T>(checked.length))
  },
}

function checkPriorities(op: string, priorities: readonly number[]): number[] {
  if (!Array.isArray(priorities) || priorities.length === 0) throw new RangeError(`${op}(priorities): expected a non-empty array of positive numbers`)
  for (const p of priorities)
    if (typeof p !== 'number' || !(p > 0) || p === Infinity) throw new RangeError(`${op}(priorities): expected positive finite numbers, got ${String(p)}`)
  return [...priorities]
}

/** Makes the random source of one run: a fresh seeded generator per run, so each run repeats the same choices. */
function randomOf(op: string, options: MergePrioritizedOptions): () => () => number {
  const { random, seed } = options
  if (random !== undefined) {
    if (typeof random !== 'function') throw new TypeError(`${op}(options.random): expected a function, got ${typeof random}`)
    return () => random
  }
  if (seed !== undefined) {
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new RangeError(`${op}(options.seed): expected an integer, got ${String(seed)}`)
    return () => seededRandom(seed)
  }
  return () => Math.random
}

function prioritizedModule(priorities: number[], eagerComplete: boolean, random: () => () => number): Module {
  return Module.of(stageDesc('mergePrioritized', priorities.length, 1, () => new MergePrioritizedLogic(priorities, eagerComplete, random())))
}

class MergePrioritizedLogic<T> extends MergeLogic<T> {
  constructor(
    private readonly priorities: readonly number[],
    eagerComplete: boolean,
    private readonly random: () => number,
  ) {
    super(priorities.length, eagerComplete)
  }
  protected override select(): number {
    if (this.size === 1) return 0
    const n = this.ring.length
    let total = 0
    for (let p = 0; p < this.size; p++) total += this.priorities[this.ring[(this.head + p) % n]!]!
    let r = this.random() * total
    for (let p = 0; p < this.size; p++) {
      r -= this.priorities[this.ring[(this.head + p) % n]!]!
      if (r < 0) return p
    }
    return this.size - 1
  }
}
