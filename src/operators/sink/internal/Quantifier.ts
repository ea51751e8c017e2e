import { PromiseSink } from './PromiseSink.js'

/**
 * The stage behind `exists`, `forall` and `none`: resolves with `onMatch` at the first element
 * for which `p(x) === when` (and cancels upstream), or with `!onMatch` when the stream completes.
 *
 * @internal
 */
export class Quantifier<T> extends PromiseSink<T, boolean> {
  constructor(
    private readonly p: (x: T) => boolean,
    private readonly when: boolean,
    private readonly onMatch: boolean,
  ) {
    super()
  }
  onPush(): void {
    if (Boolean(this.p(this.grab(this.in))) !== this.when) return this.pull(this.in)
    this.cancel(this.in)
    this.resolve(this.onMatch)
  }
  override onUpstreamFinish(): void {
    this.resolve(!this.onMatch)
    this.completeStage()
  }
}
