import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Folds every element into an accumulator; the Promise resolves with it when the stream completes.
 *
 * - **Completes when** upstream completes (resolves with the accumulator)
 * - **Fails when** upstream fails or `f` throws (rejects)
 *
 * @example
 * ```ts
 * await Source.range(1, 4).runWith(Sink.fold(0, (acc, x) => acc + x)) // 10
 * ```
 * @category sink
 * @since 0.1.0
 */
export function fold<T, Acc>(zero: Acc, f: (acc: Acc, x: T) => Acc): SinkGraph<T, Promise<Acc>> {
  requireFunction('fold', 'f', f)
  return sinkOf('fold', () => new FoldSink(zero, f), { kind: 'fold', zero, f: f as (acc: unknown, x: unknown) => unknown })
}

class FoldSink<T, Acc> extends PromiseSink<T, Acc> {
  constructor(
    private acc: Acc,
    private readonly f: (acc: Acc, x: T) => Acc,
  ) {
    super()
  }
  onPush(): void {
    this.acc = this.f(this.acc, this.grab(this.in))
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.resolve(this.acc)
    // the value is the caller's now; a finished run may stay reachable for a while (recentRuns)
    this.acc = undefined as Acc
    this.completeStage()
  }
}
