import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import type { Outlet } from '../../core/ports.js'
import { InnerInlet } from '../substream/internal/InnerInlet.js'
import { backoffOf } from './internal/backoff.js'
import { RestartStage } from './internal/RestartStage.js'
import type { RestartSettings } from './RestartSettings.js'

/** Options of {@link restartSource}. */
export interface RestartSourceOptions {
  /** Restart only after a failure; a completion of the inner source completes this one (default `false`). */
  readonly onlyOnFailures?: boolean
}

/**
 * A source that runs the source `factory` builds and, when it ends, builds and runs a new one
 * after a backoff (see {@link RestartSettings}). Elements already emitted stay emitted; the
 * restarted source starts from the beginning unless the factory resumes it. The DSL's
 * `RestartSource.withBackoff(settings, factory)` returns this as a `Source`.
 *
 * ```
 * inner #1: -1--2--#
 * inner #2:           -1--2--3--|     (started minBackoff later)
 * out:      -1--2------1--2--3--...   (with onlyOnFailures: ...3--|)
 * ```
 * - **Emits when** the current inner source emits
 * - **Backpressures when** downstream backpressures (the inner source then waits)
 * - **Completes when** the inner source completes and is not restarted (`onlyOnFailures`, or
 *   `maxRestarts` reached)
 * - **Fails when** the inner source fails (or `factory` throws) and `maxRestarts` is reached
 * - **Cancels when** downstream cancels (the inner source too; no restart)
 *
 * Backoff timers run on the run's scheduler, so a `VirtualScheduler` drives them in tests.
 *
 * @example
 * ```ts
 * let attempt = 0
 * const flaky = () => {
 *   const n = ++attempt // the connection drops after the first element, twice
 *   return Source.from([`attempt ${n}`, 'end']).map((s) => { if (s === 'end' && n < 3) throw new Error('lost'); return s })
 * }
 * const out = await RestartSource.onFailuresWithBackoff({ minBackoff: 1, maxBackoff: 10, randomFactor: 0 }, flaky).runCollect()
 * out // ['attempt 1', 'attempt 2', 'attempt 3', 'end']
 * ```
 * @see {@link restartFlow}, {@link restartSink}
 * @category restart
 * @since 0.1.0
 */
export function restartSource<T>(
  settings: RestartSettings,
  factory: () => SourceGraph<T, unknown>,
  options: RestartSourceOptions = {},
): SourceGraph<T, NotUsed> {
  const op = options.onlyOnFailures === true ? 'RestartSource.onFailuresWithBackoff' : 'RestartSource.withBackoff'
  const backoff = backoffOf(op, settings)
  requireFunction(op, 'factory', factory)
  const onlyOnFailures = options.onlyOnFailures ?? false
  return sourceOf('restartSource', () => new RestartSourceStage(backoff, factory, onlyOnFailures))
}

class RestartSourceStage<T> extends RestartStage {
  readonly out: Outlet<T>
  private inner: InnerInlet<T> | null = null
  constructor(
    backoff: ConstructorParameters<typeof RestartStage>[0],
    private readonly factory: () => SourceGraph<T, unknown>,
    private readonly onlyOnFailures: boolean,
  ) {
    super(backoff)
    this.out = this.outlet<T>('out', {
      onPull: () => {
        const inner = this.inner
        if (inner !== null && !inner.isClosed() && !inner.hasBeenPulled() && !inner.isAvailable()) inner.pull()
      },
      onDownstreamFinish: (cause) => {
        this.finishing = true
        this.inner?.cancel(cause)
        this.cancelStage(cause)
      },
    })
  }

  protected startInner(): void {
    const inner: InnerInlet<T> = new InnerInlet<T>(this, 'inner', {
      onPush: () => this.push(this.out, inner.grab()),
      onUpstreamFinish: () => {
        if (!this.innerCompleted(this.onlyOnFailures)) this.completeStage()
      },
      onUpstreamFailure: (e) => this.innerFailed(e),
    })
    this.inner = inner
    inner.materialize(this.factory())
    if (this.isAvailable(this.out)) inner.pull()
  }

  protected innerFailedFinally(error: unknown): void {
    this.failStage(error)
  }
}
