import { requireFunction } from '../../core/args.js'
import { EmptyStreamError } from '../../core/errors.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Like {@link fold} with the first element as the start value.
 *
 * - **Completes when** upstream completes (resolves)
 * - **Fails when** upstream fails, `f` throws, or the stream was empty (`EmptyStreamError`); an `undefined` from `f` is a value, not "no element yet"
 *
 * @example
 * ```ts
 * await Source.range(1, 4).runWith(Sink.reduce((a, b) => a + b)) // 10
 * ```
 * @category sink
 * @since 0.1.0
 */
export function reduce<T>(f: (acc: T, x: T) => T): SinkGraph<T, Promise<T>> {
  requireFunction('reduce', 'f', f)
  return sinkOf('reduce', () => new ReduceSink(f))
}

class ReduceSink<T> extends PromiseSink<T, T> {
  private acc: T | undefined = undefined
  /** An element has arrived: `acc` holds a value, even when `f` returned `undefined`. */
  private hasAcc = false
  constructor(private readonly f: (acc: T, x: T) => T) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    this.acc = this.hasAcc ? this.f(this.acc as T, elem) : elem
    this.hasAcc = true
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (!this.hasAcc) return this.failStage(new EmptyStreamError('reduce'))
    this.resolve(this.acc as T)
    this.completeStage()
  }
  override postStop(): void {
    super.postStop()
    this.acc = undefined // a stopped run may stay reachable for a while (recentRuns): keep no element
  }
}
