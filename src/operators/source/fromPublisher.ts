import { requireDefined, requirePositiveInt } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { DEFAULT_BOUNDARY_BUFFER } from '../../core/materialize.js'
import { SubscriberSource } from '../../core/SubscriberSource.js'
import type { Publisher } from '../../spec/types.js'

/** Options of {@link fromPublisher} and {@link asSubscriber}. */
export interface SubscriberOptions {
  /** Elements requested ahead; more is requested each time half of it was consumed (default 16). */
  readonly bufferSize?: number
}

/**
 * Subscribes to a Reactive Streams Publisher and emits its elements. Demand goes upstream in
 * batches: `bufferSize` at first, then half of it each time half was consumed.
 *
 * ```
 * out: --a--b--c|
 * ```
 * - **Emits when** the Publisher delivered an element and downstream pulls
 * - **Backpressures when** the buffer is empty (nothing more is requested than it can hold)
 * - **Completes when** the Publisher completes and the buffer is drained
 * - **Fails when** the Publisher fails, or breaks §1.1 by sending more than was requested
 * - **Cancels when** downstream cancels (the Subscription is cancelled)
 *
 * @example
 * ```ts
 * const publisher = Source.range(1, 3).runWith(Sink.asPublisher())
 * await Source.fromPublisher(publisher).runCollect() // [1, 2, 3]
 * ```
 * @see {@link asSubscriber}
 * @category source
 * @since 0.1.0
 */
export function fromPublisher<T>(publisher: Publisher<T>, options: SubscriberOptions = {}): SourceGraph<T, NotUsed> {
  requireDefined('fromPublisher', 'publisher', publisher)
  if (typeof publisher.subscribe !== 'function') throw new TypeError('fromPublisher(publisher): expected a Publisher (an object with subscribe)')
  const size = requirePositiveInt('fromPublisher', 'bufferSize', options.bufferSize ?? DEFAULT_BOUNDARY_BUFFER)
  return sourceOf('fromPublisher', () => {
    const stage = new SubscriberSource<T>(publisher, size, 'fromPublisher')
    stage.mat = undefined
    return stage
  })
}
