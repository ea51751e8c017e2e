import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Maps elements with a state: `create` makes the state for each run, `f` returns the next state
 * and the element to emit (or `undefined` to emit nothing), and `onComplete` may emit one last
 * element from the final state.
 *
 * As in Pekko, `onComplete` is called exactly once, at the first of upstream completion, upstream
 * failure, downstream cancellation or a failure of `f`, so it can release what the state holds;
 * its element is emitted only when upstream completed (it is dropped in the other cases).
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
 * const pairs = await Source.from([1, 2, 3])
 *   .statefulMap(() => 0, (prev, x) => [x, [prev, x] as const])
 *   .runCollect()
 * pairs // [[0, 1], [1, 2], [2, 3]]
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
  // with onComplete the stage has work to do on every way out (cancel, failure): it runs unfused
  const fuse =
    onComplete === undefined
      ? { kind: 'statefulMap' as const, create, f: f as (s: unknown, x: unknown) => readonly [unknown, unknown] }
      : undefined
  return flowOf('statefulMap', () => new StatefulMap(create, f, onComplete), fuse)
}

class StatefulMap<S, In, Out> extends LinearStage<In, Out> {
  private state!: S
  /** `onComplete` is still owed a call: the state exists and `onComplete` has not run yet. */
  private owed = false
  constructor(
    private readonly create: () => S,
    private readonly f: (state: S, x: In) => readonly [S, Out | undefined],
    private readonly onComplete: ((state: S) => Out | undefined) | undefined,
  ) {
    super()
  }
  override preStart(): void {
    this.state = this.create()
    this.owed = this.onComplete !== undefined
  }
  onPush(): void {
    const [state, out] = this.f(this.state, this.grab(this.in))
    this.state = state
    if (out === undefined || out === null) this.pull(this.in)
    else this.push(this.out, out)
  }
  override onUpstreamFinish(): void {
    const last = this.finish()
    if (last === undefined || last === null) this.completeStage()
    else this.pushThenComplete(this.out, last)
  }
  override onUpstreamFailure(error: unknown): void {
    this.finish()
    this.failStage(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    this.finish()
    this.cancelStage(cause)
  }
  override postStop(): void {
    // reached with the call still owed only when `f` threw (the runtime failed the stage)
    this.finish()
  }
  private finish(): Out | undefined {
    if (!this.owed) return undefined
    this.owed = false
    return this.onComplete!(this.state)
  }
}
