/**
 * `SubSinkInlet` with two guarantees the operators of this family rely on.
 *
 * @module
 */
import type { InHandler } from '../../../core/ports.js'
import type { StageLogic } from '../../../core/StageLogic.js'
import { SubSinkInlet } from '../../../core/SubSinkInlet.js'
import { releaseLastStopHook } from './releaseLastStopHook.js'

/**
 * A `SubSinkInlet` that
 * - delivers completion and failure only after the last element was grabbed. The core one may
 *   deliver `onUpstreamFinish` before the `onPush` of the last element, when the element arrived
 *   while the owner was running (queued) and the completion while it was idle (delivered at once);
 *   an owner that completes on `onUpstreamFinish` would then lose that element;
 * - drops its stop hook on the owner once the substream is over, so that an owner running many
 *   substreams in turn does not keep every finished one alive (see `releaseLastStopHook`).
 *
 * @internal
 */
export class InnerInlet<T> extends SubSinkInlet<T> {
  private pendingTerminal: (() => void) | null = null
  private readonly release: () => void

  constructor(
    private readonly stage: StageLogic,
    label: string,
    handler: InHandler,
  ) {
    let self: InnerInlet<T> | null = null
    super(stage, label, {
      onPush: () => handler.onPush(),
      onUpstreamFinish: () => self!.terminate(() => handler.onUpstreamFinish()),
      onUpstreamFailure: (error) => self!.terminate(() => handler.onUpstreamFailure(error)),
    })
    self = this
    this.release = releaseLastStopHook(stage)
  }

  override grab(): T {
    const elem = super.grab()
    const terminal = this.pendingTerminal
    if (terminal !== null) {
      this.pendingTerminal = null
      // after the handler that grabbed has returned
      this.stage.interpreter.runOrQueue(this.stage, runTerminal, terminal)
    }
    return elem
  }

  override cancel(cause?: unknown): void {
    this.pendingTerminal = null
    this.release()
    super.cancel(cause)
  }

  private terminate(deliver: () => void): void {
    this.release()
    if (this.isAvailable()) this.pendingTerminal = deliver
    else deliver()
  }
}

function runTerminal(this: StageLogic, deliver: unknown): void {
  ;(deliver as () => void)()
}
