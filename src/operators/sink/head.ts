import { EmptyStreamError } from '../../core/errors.js'
import { sinkOf, type SinkGraph } from '../../core/Graph.js'
import { PromiseSink } from './internal/PromiseSink.js'

/**
 * Resolves with the first element and cancels upstream.
 *
 * - **Completes when** the first element arrives (then cancels upstream)
 * - **Fails when** upstream fails, or completes empty (`EmptyStreamError`)
 *
 * @example
 * ```ts
 * await Source.range(7, 100).runWith(Sink.head()) // 7
 * ```
 * @see {@link headOption}
 * @category sink
 * @since 0.1.0
 */
export function head<T>(): SinkGraph<T, Promise<T>> {
  return sinkOf('head', () => new Head<T>(false))
}

/**
 * Resolves with the first element, or `undefined` for an empty stream, and cancels upstream.
 *
 * - **Completes when** the first element arrives, or upstream completes
 * - **Fails when** upstream fails
 *
 * @example
 * ```ts
 * await Source.empty<number>().runWith(Sink.headOption()) // undefined
 * ```
 * @see {@link head}
 * @category sink
 * @since 0.1.0
 */
export function headOption<T>(): SinkGraph<T, Promise<T | undefined>> {
  return sinkOf('headOption', () => new Head<T>(true))
}

class Head<T> extends PromiseSink<T, T | undefined> {
  constructor(private readonly optional: boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    this.cancel(this.in)
    this.resolve(elem)
  }
  override onUpstreamFinish(): void {
    if (!this.optional) return this.failStage(new EmptyStreamError('head'))
    this.resolve(undefined)
    this.completeStage()
  }
}
