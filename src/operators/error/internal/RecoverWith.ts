/**
 * The stage behind `recoverWith` and `recoverWithRetries`.
 *
 * @module
 */
import type { SourceGraph } from '../../../core/Graph.js'
import { LinearStage } from '../../../core/StageLogic.js'
import { InnerInlet } from '../../substream/internal/InnerInlet.js'

/**
 * Passes elements on until upstream fails, then switches to the source `f` returns for the error
 * (run inside this interpreter). If that source fails too, `f` is asked again, up to `attempts`
 * switches in all.
 *
 * @internal
 */
export class RecoverWith<T> extends LinearStage<T, T> {
  private used = 0
  constructor(
    private readonly attempts: number,
    private readonly f: (error: unknown) => SourceGraph<T, unknown> | undefined,
  ) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFailure(error: unknown): void {
    this.recoverFrom(error)
  }

  private recoverFrom(error: unknown): void {
    if (this.used >= this.attempts) return this.failStage(error)
    const source = this.f(error)
    if (source === undefined || source === null) return this.failStage(error)
    this.used++
    const inner: InnerInlet<T> = new InnerInlet<T>(this, 'recovery', {
      onPush: () => this.push(this.out, inner.grab()),
      onUpstreamFinish: () => this.completeStage(),
      onUpstreamFailure: (e) => this.recoverFrom(e),
    })
    this.setHandler(this.out, {
      // `out` reads as available while its pull is still queued: pull only once
      onPull: () => {
        if (!inner.hasBeenPulled() && !inner.isAvailable()) inner.pull()
      },
      onDownstreamFinish: (cause) => {
        inner.cancel(cause)
        this.cancelStage(cause)
      },
    })
    inner.materialize(source)
    if (this.isAvailable(this.out)) inner.pull()
  }
}
