import { requireFunction } from '../../core/args.js'
import { sinkOf, type NotUsed, type SinkGraph } from '../../core/Graph.js'
import { materialize } from '../../core/materialize.js'
import { keepLeft } from '../../core/Module.js'
import type { Inlet } from '../../core/ports.js'
import { SubSourceOutlet } from '../substream/internal/SubSourceOutlet.js'
import { backoffOf, type Backoff } from './internal/backoff.js'
import { RestartStage } from './internal/RestartStage.js'
import type { RestartSettings } from './RestartSettings.js'

/**
 * A sink that runs the sink `factory` builds and, when that sink ends (it completes, fails or
 * cancels), builds and runs a new one after a backoff (see {@link RestartSettings}); upstream
 * waits meanwhile. Elements inside the old sink are lost. The DSL's
 * `RestartSink.withBackoff(settings, factory)` returns this as a `Sink`.
 *
 * ```
 * in:       -a--b--c-----d--|
 * sink #1:  -a--b--#
 * sink #2:              -d--|      (started after the backoff; c was in flight and is lost)
 * ```
 * - **Backpressures when** the current sink backpressures, or during the backoff
 * - **Completes when** upstream completes (the current sink's input completes too)
 * - **Fails when** upstream fails (passed to the current sink)
 * - **Cancels when** the sink ends and `maxRestarts` is reached
 *
 * @example
 * ```ts
 * const written: string[] = []
 * const connection = () =>
 *   Sink.forEach((line: string) => { if (line === 'drop') throw new Error('connection reset'); written.push(line) })
 * const settings = { minBackoff: 1, maxBackoff: 10, randomFactor: 0 }
 * await Source.from(['a', 'drop', 'b']).watchTermination(Keep.right).to(RestartSink.withBackoff(settings, connection)).run()
 * written // ['a', 'b']; 'drop' was lost with the first connection
 * ```
 * @see {@link restartSource}, {@link restartFlow}
 * @category restart
 * @since 0.1.0
 */
export function restartSink<T>(settings: RestartSettings, factory: () => SinkGraph<T, unknown>): SinkGraph<T, NotUsed> {
  const backoff = backoffOf('RestartSink.withBackoff', settings)
  requireFunction('RestartSink.withBackoff', 'factory', factory)
  return sinkOf('restartSink', () => new RestartSinkStage(backoff, factory))
}

class RestartSinkStage<T> extends RestartStage {
  readonly in: Inlet<T>
  private input: SubSourceOutlet<T> | null = null
  private pending: T | undefined = undefined

  constructor(
    backoff: Backoff,
    private readonly factory: () => SinkGraph<T, unknown>,
  ) {
    super(backoff)
    this.in = this.inlet<T>('in', {
      onPush: () => {
        const elem = this.grab(this.in)
        if (this.input !== null && this.input.isAvailable()) this.input.push(elem)
        else this.pending = elem
      },
      onUpstreamFinish: () => {
        this.finishing = true
        if (this.pending === undefined || this.backingOff) return this.finish()
        this.setKeepGoing(true) // hand the last element to the sink first
      },
      onUpstreamFailure: (e) => {
        this.finishing = true
        this.input?.fail(e)
        this.failStage(e)
      },
    })
  }

  protected startInner(): void {
    const input: SubSourceOutlet<T> = new SubSourceOutlet<T>(this, 'in', {
      onPull: () => this.innerPulled(input),
      onDownstreamFinish: () => {
        if (input !== this.input || this.finishing) return
        if (!this.innerCompleted(false)) this.cancelStage(undefined)
      },
    })
    this.input = input
    materialize(input.source().module.compose(this.factory().module, [[0, 0]], keepLeft), {}, this.interpreter)
  }

  private innerPulled(input: SubSourceOutlet<T>): void {
    if (input !== this.input) return
    const pending = this.pending
    if (pending !== undefined) {
      this.pending = undefined
      input.push(pending)
      if (this.finishing) this.finish()
    } else if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }

  private finish(): void {
    this.input?.complete()
    this.setKeepGoing(false)
    this.completeStage()
  }

  protected innerFailedFinally(error: unknown): void {
    // only a throwing factory gets here (a sink's end arrives as a cancel): give up on upstream
    this.cancelStage(error)
  }
}
