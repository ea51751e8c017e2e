import { requireNonNegativeInt } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Resolves with the last `n` elements (fewer if the stream is shorter), in order, when the stream
 * completes (Pekko's `Sink.takeLast`). It keeps at most `n` elements in a ring.
 *
 * ```
 * in:   -1--2--3--4--|
 * done: -------------([3,4])   takeLast(2)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** never
 * - **Completes when** upstream completes (resolves with the last `n` elements)
 * - **Fails when** upstream fails (rejects)
 * - **Cancels when** never
 *
 * @example
 * ```ts
 * await Source.range(1, 10).runWith(Sink.takeLast(3)) // [8, 9, 10]
 * ```
 * @see {@link last}, {@link collect}
 * @category sink
 * @since 0.2.0
 */
export function takeLast<T>(n: number): SinkGraph<T, Promise<T[]>> {
  requireNonNegativeInt('takeLast', 'n', n)
  return sinkOf('takeLast', () => new TakeLast<T>(n))
}

class TakeLast<T> extends PromiseSink<T, T[]> {
  private readonly ring: T[] = []
  /** Where the next element goes once the ring is full (it is then the oldest). */
  private next = 0
  constructor(private readonly n: number) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.ring.length < this.n) this.ring.push(elem)
    else if (this.n > 0) {
      this.ring[this.next] = elem
      this.next = (this.next + 1) % this.n
    }
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.resolve([...this.ring.slice(this.next), ...this.ring.slice(0, this.next)])
    this.completeStage()
  }
}
