import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { keepLeft } from '../../core/Module.js'
import type { Inlet, Outlet } from '../../core/ports.js'
import { InnerInlet } from '../substream/internal/InnerInlet.js'
import { SubSourceOutlet } from '../substream/internal/SubSourceOutlet.js'
import { backoffOf, type Backoff } from './internal/backoff.js'
import { RestartStage } from './internal/RestartStage.js'
import type { RestartSettings } from './RestartSettings.js'

/** Options of {@link restartFlow}. */
export interface RestartFlowOptions {
  /** Restart only after a failure; a completion of the inner flow completes this one (default `false`). */
  readonly onlyOnFailures?: boolean
}

/**
 * A flow that runs the flow `factory` builds and, when that flow ends (its output completes or
 * fails), builds and runs a new one after a backoff (see {@link RestartSettings}). Upstream and
 * downstream stay connected across restarts; elements inside the old inner flow are lost. The
 * DSL's `RestartFlow.withBackoff(settings, factory)` returns this as a `Flow`.
 *
 * ```
 * in:        -a--b--c-----d--e--|
 * inner #1:  -A--B--#
 * inner #2:               -D--E--|    (started after the backoff; c was in flight and is lost)
 * out:       -A--B---------D--E--|
 * ```
 * - **Emits when** the current inner flow emits
 * - **Backpressures when** downstream backpressures, the inner flow backpressures, or during the backoff
 * - **Completes when** upstream completes (and the inner flow with it), or the inner flow
 *   completes and is not restarted (`onlyOnFailures`, or `maxRestarts` reached)
 * - **Fails when** upstream fails, or the inner flow fails (or `factory` throws) and `maxRestarts` is reached
 * - **Cancels when** downstream cancels, or the inner flow ends and is not restarted
 *
 * @example
 * ```ts
 * let builds = 0
 * const parse = () => { builds++; return Flow.create<string>().map((s) => { if (s === 'bad') throw new SyntaxError(s); return Number(s) }) }
 * const out = await Source.from(['1', 'bad', '3'])
 *   .via(RestartFlow.onFailuresWithBackoff({ minBackoff: 1, maxBackoff: 10, randomFactor: 0 }, parse))
 *   .runCollect()
 * out // [1, 3]
 * ```
 * @see {@link restartSource}, {@link restartSink}
 * @category restart
 * @since 0.1.0
 */
export function restartFlow<In, Out>(
  settings: RestartSettings,
  factory: () => FlowGraph<In, Out, unknown>,
  options: RestartFlowOptions = {},
): FlowGraph<In, Out, NotUsed> {
  const op = options.onlyOnFailures === true ? 'RestartFlow.onFailuresWithBackoff' : 'RestartFlow.withBackoff'
  const backoff = backoffOf(op, settings)
  requireFunction(op, 'factory', factory)
  const onlyOnFailures = options.onlyOnFailures ?? false
  return flowOf('restartFlow', () => new RestartFlowStage(backoff, factory, onlyOnFailures))
}

class RestartFlowStage<In, Out> extends RestartStage {
  readonly in: Inlet<In>
  readonly out: Outlet<Out>
  private input: SubSourceOutlet<In> | null = null
  private output: InnerInlet<Out> | null = null
  /** An element pulled for an inner flow that ended before taking it; the next inner gets it. */
  private pending: In | undefined = undefined

  constructor(
    backoff: Backoff,
    private readonly factory: () => FlowGraph<In, Out, unknown>,
    private readonly onlyOnFailures: boolean,
  ) {
    super(backoff)
    this.in = this.inlet<In>('in', {
      onPush: () => {
        const elem = this.grab(this.in)
        if (this.input !== null && this.input.isAvailable()) this.input.push(elem)
        else this.pending = elem
      },
      onUpstreamFinish: () => {
        this.finishing = true
        if (this.backingOff) this.completeStage()
        else if (this.pending === undefined) this.input?.complete()
      },
      onUpstreamFailure: (e) => {
        this.finishing = true
        if (this.backingOff) this.failStage(e)
        else this.input?.fail(e)
      },
    })
    this.out = this.outlet<Out>('out', {
      onPull: () => {
        const output = this.output
        if (output !== null && !output.isClosed() && !output.hasBeenPulled() && !output.isAvailable()) output.pull()
      },
      onDownstreamFinish: (cause) => {
        this.finishing = true
        this.output?.cancel(cause)
        this.input?.complete()
        this.cancelStage(cause)
      },
    })
  }

  protected startInner(): void {
    this.input?.complete() // the old inner flow's input, if it is still open
    const input: SubSourceOutlet<In> = new SubSourceOutlet<In>(this, 'in', {
      onPull: () => this.innerPulled(input),
      onDownstreamFinish: () => {}, // the inner flow stopped taking input: its output decides what happens next
    })
    const output: InnerInlet<Out> = new InnerInlet<Out>(this, 'out', {
      onPush: () => this.push(this.out, output.grab()),
      onUpstreamFinish: () => {
        if (output !== this.output) return
        if (!this.innerCompleted(this.onlyOnFailures)) this.completeStage()
      },
      onUpstreamFailure: (e) => {
        if (output === this.output) this.innerFailed(e)
      },
    })
    this.input = input
    this.output = output
    output.materialize({ module: input.source().module.compose(this.factory().module, [[0, 0]], keepLeft) })
    if (this.isClosed(this.in) && this.pending === undefined) input.complete()
    if (this.isAvailable(this.out)) output.pull()
  }

  private innerPulled(input: SubSourceOutlet<In>): void {
    if (input !== this.input) return
    const pending = this.pending
    if (pending !== undefined) {
      this.pending = undefined
      input.push(pending)
      if (this.isClosed(this.in)) input.complete()
    } else if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }

  protected innerFailedFinally(error: unknown): void {
    this.failStage(error)
  }
}
