import { requireFunction } from '../../core/args.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Folds elements into an accumulator while `p(acc)` holds: once it no longer does, resolves
 * with the accumulator and cancels upstream; otherwise resolves with it when the stream
 * completes (Pekko's `Sink.foldWhile`). When `p(zero)` does not hold, resolves with `zero`
 * without pulling.
 *
 * ```
 * in:   -1--2--3--4--|
 * done: -------(6)      foldWhile(0, (acc) => acc < 5, (acc, x) => acc + x)   (then cancels upstream)
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** `f` or `p` is running
 * - **Completes when** `p(acc)` no longer holds (resolves, cancels upstream), or upstream completes (resolves)
 * - **Fails when** upstream fails, or `p` or `f` throws (rejects)
 * - **Cancels when** `p(acc)` no longer holds, or `p` or `f` throws
 *
 * @example
 * ```ts
 * await Source.range(1, 100).runWith(Sink.foldWhile(0, (acc) => acc < 10, (acc, x: number) => acc + x)) // 10
 * ```
 * @see {@link fold}
 * @category sink
 * @since 0.2.0
 */
export function foldWhile<T, Acc>(zero: Acc, p: (acc: Acc) => boolean, f: (acc: Acc, x: T) => Acc): SinkGraph<T, Promise<Acc>> {
  requireFunction('foldWhile', 'p', p)
  requireFunction('foldWhile', 'f', f)
  return sinkOf('foldWhile', () => new FoldWhile(zero, p, f))
}

class FoldWhile<T, Acc> extends PromiseSink<T, Acc> {
  constructor(
    private acc: Acc,
    private readonly p: (acc: Acc) => boolean,
    private readonly f: (acc: Acc, x: T) => Acc,
  ) {
    super()
  }
  override preStart(): void {
    if (this.p(this.acc)) return this.pull(this.in)
    this.cancel(this.in)
    this.resolve(this.acc)
  }
  onPush(): void {
    this.acc = this.f(this.acc, this.grab(this.in))
    if (this.p(this.acc)) return this.pull(this.in)
    this.cancel(this.in)
    this.resolve(this.acc)
  }
  override onUpstreamFinish(): void {
    this.resolve(this.acc)
    this.completeStage()
  }
}
