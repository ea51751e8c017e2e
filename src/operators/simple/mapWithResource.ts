import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Maps each element with a resource: `create` opens it when the stream starts, `f(resource, x)`
 * maps each element (`undefined` emits nothing), and `close(resource)` runs exactly once when the
 * stage stops, whether upstream completed, failed or downstream cancelled (Pekko's
 * `mapWithResource`). On completion, what `close` returns (if not `undefined`) is emitted last.
 *
 * ```
 * in:  -1--2--|
 * out: -a--b--(z|)    mapWithResource(open, (r, x) => r.lookup(x), (r) => r.summary())
 * ```
 * - **Emits when** `f` returns a value and downstream pulls, or `close` returns a value on completion
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes and what `close` returned has been emitted
 * - **Fails when** upstream fails, or `create`, `f` or `close` throws
 * - **Cancels when** downstream cancels (`close` runs, its result is dropped)
 *
 * @example
 * ```ts
 * const log: string[] = []
 * const open = () => ({ lines: [] as string[] })
 * const out = await Source.from(['a', 'b'])
 *   .mapWithResource(open, (file, x) => { file.lines.push(x); return x.toUpperCase() }, (file) => { log.push('closed'); return `${file.lines.length} lines` })
 *   .runCollect()
 * out // ['A', 'B', '2 lines']
 * log // ['closed']
 * ```
 * @see {@link statefulMap}
 * @category simple
 * @since 0.2.0
 */
export function mapWithResource<R, In, Out>(
  create: () => R,
  f: (resource: R, x: In) => Out | undefined,
  close: (resource: R) => Out | undefined | void,
): FlowGraph<In, Out, NotUsed> {
  requireFunction('mapWithResource', 'create', create)
  requireFunction('mapWithResource', 'f', f)
  requireFunction('mapWithResource', 'close', close)
  return flowOf('mapWithResource', () => new MapWithResource(create, f, close))
}

class MapWithResource<R, In, Out> extends LinearStage<In, Out> {
  private resource!: R
  /** The resource is open and `close` has not run yet. */
  private open = false
  constructor(
    private readonly create: () => R,
    private readonly f: (resource: R, x: In) => Out | undefined,
    private readonly close: (resource: R) => Out | undefined | void,
  ) {
    super()
  }
  override preStart(): void {
    this.resource = this.create()
    this.open = true
  }
  onPush(): void {
    const out = this.f(this.resource, this.grab(this.in))
    if (out === undefined || out === null) this.pull(this.in)
    else this.push(this.out, out)
  }
  override onUpstreamFinish(): void {
    const last = this.closeResource()
    if (last === undefined || last === null) this.completeStage()
    else this.pushThenComplete(this.out, last)
  }
  override onUpstreamFailure(error: unknown): void {
    this.closeResource()
    this.failStage(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    this.closeResource()
    this.cancelStage(cause)
  }
  override postStop(): void {
    // reached with the resource still open only when `f` threw (the runtime failed the stage)
    this.closeResource()
  }
  private closeResource(): Out | undefined | void {
    if (!this.open) return undefined
    this.open = false
    return this.close(this.resource)
  }
}
