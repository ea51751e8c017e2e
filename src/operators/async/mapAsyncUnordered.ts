import { requireFunction, requirePositiveInt } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage, type StageIntrospection } from '../../core/StageLogic.js'
import { Ring } from '../buffer/internal/Ring.js'
import { callTimingOn, timedCall } from './internal/callTiming.js'
import { ResultCallbacks } from './internal/reactionCallback.js'
import { resumes } from './internal/resumes.js'
import { isThenable } from './internal/thenable.js'

/**
 * Like {@link mapAsync}, but emits each result as soon as it settles, in whatever order that is.
 * A result of `null` or `undefined` is skipped.
 *
 * ```
 * in:  -a-b-c------|
 * f:    [---A]
 *         [B]
 *            [C]
 * out: ----B--A-C--|   mapAsyncUnordered(2, f)
 * ```
 * - **Emits when** any call has settled and downstream pulls
 * - **Backpressures when** `parallelism` calls are in flight or their results are waiting for downstream
 * - **Completes when** upstream completes and every result has been emitted
 * - **Fails when** `f` throws, a returned Promise rejects (at once, with its original error) (a supervision decider that says `resume` drops that element instead), or upstream fails
 * - **Cancels when** downstream cancels; results that settle afterwards are ignored
 *
 * @example
 * ```ts
 * const square = async (x: number) => x * x
 * const out = await Source.range(1, 4).mapAsyncUnordered(4, square).runCollect()
 * out.sort((a, b) => a - b) // [1, 4, 9, 16]
 * ```
 * @see {@link mapAsync}, {@link mapAsyncPartitioned}
 * @category async
 * @since 0.1.0
 */
export function mapAsyncUnordered<In, Out>(
  parallelism: number,
  f: (x: In) => Out | null | undefined | PromiseLike<Out | null | undefined>,
): FlowGraph<In, Out, NotUsed> {
  requirePositiveInt('mapAsyncUnordered', 'parallelism', parallelism)
  requireFunction('mapAsyncUnordered', 'f', f)
  return flowOf('mapAsyncUnordered', () => new MapAsyncUnordered<In, Out>(parallelism, f))
}

class MapAsyncUnordered<In, Out> extends LinearStage<In, Out> {
  private inFlight = 0
  private readonly ready: Ring<Out>

  override introspect(): StageIntrospection {
    return { inFlight: this.inFlight, buffered: this.ready.length, capacity: this.parallelism }
  }
  // One callback for all calls: in this variant a result does not need to know its slot.
  private readonly ok = (value: Out | null | undefined): void => {
    this.inFlight--
    this.accept(value)
  }
  private readonly err = (error: unknown): void => {
    if (!resumes(this.attributes, error)) return this.failStage(error)
    this.inFlight-- // supervised: the element is dropped
    this.accept(undefined)
  }
  private readonly results = new ResultCallbacks<Out | null | undefined>(this, this.ok, this.err)

  constructor(
    private readonly parallelism: number,
    private readonly f: (x: In) => Out | null | undefined | PromiseLike<Out | null | undefined>,
  ) {
    super()
    this.ready = new Ring<Out>(Math.min(parallelism, 16))
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const r = callTimingOn ? timedCall(this, this.f, this.grab(this.in)) : this.f(this.grab(this.in))
    if (isThenable(r)) {
      this.inFlight++
      this.results.listen(r)
      this.pullIfRoom()
    } else this.accept(r)
  }

  override onPull(): void {
    while (this.ready.length > 0 && this.isAvailable(this.out)) this.emit(this.ready.shift()!)
    this.settle()
  }

  override onUpstreamFinish(): void {
    if (this.inFlight + this.ready.length === 0) this.completeStage()
  }

  private accept(value: Out | null | undefined): void {
    if (value !== undefined && value !== null) {
      if (this.ready.length === 0 && this.isAvailable(this.out)) this.emit(value)
      else this.ready.push(value)
    }
    this.settle()
  }

  /** Pushes `value`; when onPull would then only pull `in` (nothing ready, room), pulls may pass straight upstream. */
  private emit(value: Out): void {
    if (this.ready.length === 0 && this.inFlight < this.parallelism) this.pushPassingPulls(this.out, value, this.in)
    else this.push(this.out, value)
  }

  private settle(): void {
    if (this.inFlight + this.ready.length === 0 && this.isClosed(this.in)) this.completeStage()
    else this.pullIfRoom()
  }

  private pullIfRoom(): void {
    if (this.inFlight + this.ready.length < this.parallelism && !this.hasBeenPulled(this.in) && !this.isClosed(this.in))
      this.pull(this.in)
  }
}
