import type { InHandler } from '../../../core/ports.js'

/** A stage with several inlets that wants to know which one signalled. @internal */
export interface IndexedInputs {
  onPushFrom(index: number): void
  onFinishFrom(index: number): void
  onFailureFrom(index: number, error: unknown): void
}

/**
 * The handler of inlet `index` of a stage with several inlets: forwards each signal with the
 * index, so the stage keeps one method per signal instead of one closure per inlet.
 *
 * @internal
 */
export class IndexedInHandler implements InHandler {
  constructor(
    private readonly stage: IndexedInputs,
    private readonly index: number,
  ) {}
  onPush(): void {
    this.stage.onPushFrom(this.index)
  }
  onUpstreamFinish(): void {
    this.stage.onFinishFrom(this.index)
  }
  onUpstreamFailure(error: unknown): void {
    this.stage.onFailureFrom(this.index, error)
  }
}
