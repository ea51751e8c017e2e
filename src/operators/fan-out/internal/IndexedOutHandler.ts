import type { OutHandler } from '../../../core/ports.js'

/** A stage with several outlets that wants to know which one signalled. @internal */
export interface IndexedOutputs {
  onPullFrom(index: number): void
  onCancelFrom(index: number, cause: unknown): void
}

/**
 * The handler of outlet `index` of a stage with several outlets: forwards each signal with the
 * index.
 *
 * @internal
 */
export class IndexedOutHandler implements OutHandler {
  constructor(
    private readonly stage: IndexedOutputs,
    private readonly index: number,
  ) {}
  onPull(): void {
    this.stage.onPullFrom(this.index)
  }
  onDownstreamFinish(cause: unknown): void {
    this.stage.onCancelFrom(this.index, cause)
  }
}
