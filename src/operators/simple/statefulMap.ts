import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Maps elements with a state: `create` makes the state for each run, `f` returns the next state
 * and the element to emit (or `undefined` to emit nothing), and `onComplete` may emit one last
 * element from the final state.
 *
 * ```
 * in:  -1--2--3--|
 * out: -1--3--6--|     statefulMap(() => 0, (s, x) => [s + x, s + x])
 * ```
 * - **Emits when** `f` returns an element, or `onComplete` returns one at completion
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes and `onComplete`'s element, if any, was emitted
 * - **Fails when** upstream fails, or `create`, `f` or `onComplete` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * // emit each element together with the previous one
 * await Source.from([1, 2, 3])
 *   .statefulMap(() => 0, (prev, x) => [x, [prev, x] as const])
 *   .runCollect() // [[0, 1], [1, 2], [2, 3]]
 * ```
 * @see {@link scan}
 * @category simple
 * @since 0.1.0
 */
export function statefulMap<S, In, Out>(
  create: () => S,
  f: (state: S, x: In) => readonly [S, Out | undefined],
  onComplete?: (state: S) => Out | undefined,
): FlowGraph<In, Out, NotUsed> {
  requireFunction('statefulMap', 'create', create)
  requireFunction('statefulMap', 'f', f)
  if (onComplete !== undefined) requireFunction('statefulMap', 'onComplete', onComplete)
  return flowOf('statefulMap', () => new StatefulMap(create, f, onComplete))
}

class StatefulMap<S, In, Out> extends LinearStage<In, Out> {
  private state!: S
  constructor(
    private readonly create: () => S,
    private readonly f: (state: S, x: In) => readonly [S, Out | undefined],
    private readonly onComplete: ((state: S) => Out | undefined) | undefined,
  ) {
    super()
  }
  override preStart(): void {
    this.state = this.create()
  }
  onPush(): void {
    const [state, out] = this.f(this.state, this.grab(this.in))
    this.state = state
    if (out === undefined || out === null) this.pull(this.in)
    else this.push(this.out, out)
  }
  override onUpstreamFinish(): void {
    const last = this.onComplete?.(this.state)
    if (last === undefined || last === null) this.completeStage()
    else this.pushThenComplete(this.out, last)
  }
}
