import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Calls `f` for each element; the Promise resolves when the stream completes.
 *
 * - **Backpressures when** `f` is running (it is synchronous and its result is not awaited; see {@link forEachAsync} for async work)
 * - **Completes when** upstream completes (resolves); **Fails when** upstream fails or `f` throws (rejects, upstream is cancelled)
 *
 * @example
 * ```ts
 * const seen: number[] = []
 * await Source.range(1, 3).runWith(Sink.forEach((x) => seen.push(x)))
 * ```
 * @category sink
 * @since 0.1.0
 */
export function forEach<T>(f: (x: T) => void): SinkGraph<T, Promise<void>> {
  requireFunction('forEach', 'f', f)
  return sinkOf('forEach', () => new ForEach(f), { kind: 'forEach', f: f as (x: unknown) => void })
}

class ForEach<T> extends PromiseSink<T, void> {
  constructor(private readonly f: (x: T) => void) {
    super()
  }
  onPush(): void {
    this.f(this.grab(this.in))
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.resolve()
    this.completeStage()
  }
}
