import { flowOf, type FlowGraph } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'
import { FlowMonitor } from './FlowMonitor.js'

/**
 * Passes elements on unchanged and materializes a {@link FlowMonitor} whose `state` tells what
 * went through last: `initialized`, `received` (with the element), `failed` (with the error) or
 * `finished` (completed, or cancelled by downstream).
 *
 * ```
 * in:   -1--2--|
 * out:  -1--2--|        monitor()   state: initialized → received 1 → received 2 → finished
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const [monitor, done] = Source.from([1, 2]).monitor(Keep.right).toMat(Sink.ignore(), Keep.both).run()
 * await done
 * monitor.state // { kind: 'finished' }
 * ```
 * @see {@link watchTermination}
 * @category lifecycle
 * @since 0.1.0
 */
export function monitor<T>(): FlowGraph<T, T, FlowMonitor<T>> {
  return flowOf('monitor', () => new Monitor<T>())
}

class Monitor<T> extends LinearStage<T, T> {
  private readonly monitor = new FlowMonitor<T>()
  constructor() {
    super()
    this.mat = this.monitor
  }
  onPush(): void {
    const elem = this.grab(this.in)
    this.monitor.kind = 'received'
    this.monitor.last = elem
    this.push(this.out, elem)
  }
  override onUpstreamFinish(): void {
    this.finished()
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.monitor.kind = 'failed'
    this.monitor.error = error
    this.monitor.last = undefined
    this.failStage(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    this.finished()
    this.cancelStage(cause)
  }
  private finished(): void {
    this.monitor.kind = 'finished'
    this.monitor.last = undefined
  }
}
