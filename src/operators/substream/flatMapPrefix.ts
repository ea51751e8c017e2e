import { requireFunction, requireNonNegativeInt } from '../../core/args.js'
import { deferred } from '../../core/deferred.js'
import { AbruptTerminationError } from '../../core/errors.js'
import { flowOf, type FlowGraph } from '../../core/Graph.js'
import { keepRight } from '../../core/Module.js'
import { LinearStage } from '../../core/StageLogic.js'
import { InnerInlet } from './internal/InnerInlet.js'
import { SubSourceOutlet } from './internal/SubSourceOutlet.js'

/**
 * Takes the first `n` elements, builds a flow from them with `f`, and sends the rest of the
 * stream through that flow. Materializes a Promise of the inner flow's materialized value.
 *
 * ```
 * in:   -h--1--2--3--|
 * out:  ----a--b--c--|       flatMapPrefix(1, ([h]) => flowFor(h))
 * ```
 * - **Emits when** the inner flow emits
 * - **Backpressures when** downstream backpressures, or (while collecting the prefix) never
 * - **Completes when** the inner flow completes (upstream completion is passed to it, also when
 *   it comes before `n` elements: `f` then gets the shorter prefix)
 * - **Fails when** upstream fails before the prefix is complete, `f` throws, or the inner flow fails
 * - **Cancels when** downstream cancels, or the inner flow cancels its input
 *
 * @example
 * ```ts
 * // the first line says how to scale the rest
 * const scaled = Source.from([10, 1, 2, 3]).flatMapPrefix(1, ([factor]) => Flow.create<number>().map((x) => x * factor!))
 * await scaled.runCollect() // [10, 20, 30]
 * ```
 * @see {@link prefixAndTail}
 * @category substream
 * @since 0.1.0
 */
export function flatMapPrefix<In, Out, M>(n: number, f: (prefix: In[]) => FlowGraph<In, Out, M>): FlowGraph<In, Out, Promise<M>> {
  requireNonNegativeInt('flatMapPrefix', 'n', n)
  requireFunction('flatMapPrefix', 'f', f)
  return flowOf('flatMapPrefix', () => new FlatMapPrefix(n, f))
}

class FlatMapPrefix<In, Out, M> extends LinearStage<In, Out> {
  private readonly prefix: In[] = []
  private readonly matPromise = deferred<M>()
  constructor(
    private readonly n: number,
    private readonly f: (prefix: In[]) => FlowGraph<In, Out, M>,
  ) {
    super()
    this.mat = this.matPromise.promise
  }
  override onPull(): void {
    if (this.n === 0) this.startInner()
    else this.pull(this.in)
  }
  onPush(): void {
    this.prefix.push(this.grab(this.in))
    if (this.prefix.length === this.n) this.startInner()
    else this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.startInner()
  }
  override postStop(): void {
    this.matPromise.reject(new AbruptTerminationError(`${this.name}: the stream ended before the inner flow was built`))
  }

  private startInner(): void {
    const flow = this.f(this.prefix)
    const input = new SubSourceOutlet<In>(this, 'in', {
      onPull: () => {
        if (!this.isClosed(this.in)) this.pull(this.in)
      },
      onDownstreamFinish: (cause) => this.cancel(this.in, cause),
    })
    const output: InnerInlet<Out> = new InnerInlet<Out>(this, 'out', {
      onPush: () => this.push(this.out, output.grab()),
      onUpstreamFinish: () => {
        input.complete()
        this.completeStage()
      },
      onUpstreamFailure: (e) => {
        input.complete()
        this.failStage(e)
      },
    })
    this.setHandler(this.in, {
      onPush: () => input.push(this.grab(this.in)),
      onUpstreamFinish: () => input.complete(),
      onUpstreamFailure: (e) => input.fail(e),
    })
    this.setHandler(this.out, {
      // `out` reads as available while its pull is still queued: pull only once
      onPull: () => {
        if (!output.hasBeenPulled() && !output.isAvailable()) output.pull()
      },
      onDownstreamFinish: (cause) => {
        output.cancel(cause)
        input.complete()
        this.cancelStage(cause)
      },
    })
    const mat = output.materialize({ module: input.source().module.compose(flow.module, [[0, 0]], keepRight) }) as M
    this.matPromise.resolve(mat)
    if (this.isClosed(this.in)) input.complete()
    if (this.isAvailable(this.out)) output.pull()
  }
}
