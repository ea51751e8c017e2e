import { EmptyStreamError } from '../../core/errors.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Resolves with the last element when the stream completes.
 *
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails, or completes empty (`EmptyStreamError`)
 *
 * @example
 * ```ts
 * await Source.range(1, 3).runWith(Sink.last()) // 3
 * ```
 * @see {@link lastOption}
 * @category sink
 * @since 0.1.0
 */
export function last<T>(): SinkGraph<T, Promise<T>> {
  return sinkOf('last', () => new Last<T>(false), { kind: 'last', optional: false })
}

/**
 * Resolves with the last element, or `undefined` for an empty stream.
 *
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 *
 * @example
 * ```ts
 * await Source.empty<number>().runWith(Sink.lastOption()) // undefined
 * ```
 * @see {@link last}
 * @category sink
 * @since 0.1.0
 */
export function lastOption<T>(): SinkGraph<T, Promise<T | undefined>> {
  return sinkOf('lastOption', () => new Last<T>(true), { kind: 'last', optional: true })
}

class Last<T> extends PromiseSink<T, T | undefined> {
  private latest: T | undefined = undefined
  constructor(private readonly optional: boolean) {
    super()
  }
  onPush(): void {
    this.latest = this.grab(this.in)
    this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (this.latest === undefined && !this.optional) return this.failStage(new EmptyStreamError('last'))
    this.resolve(this.latest)
    this.completeStage()
  }
  override postStop(): void {
    super.postStop()
    this.latest = undefined // a stopped run may stay reachable for a while (recentRuns): keep no element
  }
}
