import { keepBoth } from '../../core/Module.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import type { NotUsed, SourceGraph } from '../../core/Graph.js'
import type { Publisher } from '../../spec/types.js'
import { asPublisher } from '../sink/asPublisher.js'
import { fromPublisher } from './fromPublisher.js'

/**
 * Runs `source` now and returns its materialized value together with a source that emits its
 * elements (Pekko's `Source.preMaterialize`): use the value (a queue, a kill switch) before the
 * rest of the graph exists. Until the returned source is run, the running part is backpressured.
 * The returned source may be run once.
 *
 * ```
 * source:   -a-b-c-|   (running since preMaterialize)
 * returned: -a-b-c-|   emits the same elements when run
 * ```
 * - **Emits when** the running source emits and the returned source's downstream pulls
 * - **Backpressures when** the returned source has not been run, or its downstream backpressures
 * - **Completes when** the running source completes
 * - **Fails when** the running source fails
 * - **Cancels when** the returned source's downstream cancels (the running source is cancelled)
 *
 * @example
 * ```ts
 * const [queue, source] = Source.queue<number>(10).preMaterialize()
 * queue.offer(1)
 * queue.offer(2)
 * queue.complete()
 * await source.runCollect() // [1, 2]
 * ```
 * @see {@link fromPublisher}
 * @category source
 * @since 0.2.0
 */
export function preMaterialize<T, M>(source: SourceGraph<T, M>, options: RunOptions = {}): [M, SourceGraph<T, NotUsed>] {
  const [mat, publisher] = materialize(source.module.compose(asPublisher<T>().module, [[0, 0]], keepBoth), options) as [M, Publisher<T>]
  return [mat, fromPublisher(publisher)]
}
