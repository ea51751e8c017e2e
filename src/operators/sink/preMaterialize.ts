import { keepBoth } from '../../core/Module.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import type { NotUsed, SinkGraph } from '../../core/Graph.js'
import type { Subscriber } from '../../spec/types.js'
import { asSubscriber } from '../source/asSubscriber.js'
import { fromSubscriber } from './fromSubscriber.js'

/**
 * Runs `sink` now and returns its materialized value together with a sink that feeds it (Pekko's
 * `Sink.preMaterialize`): hold the result Promise (or handle) before the stream that feeds it
 * exists. The returned sink may be run once; until then the running sink waits for elements.
 *
 * ```
 * returned: -a-b-|    (run later, fed by some source)
 * sink:     -a-b-|    receives them; its value was available from the start
 * ```
 * - **Emits when** never (a sink)
 * - **Backpressures when** the running sink backpressures
 * - **Completes when** the stream run into the returned sink completes (the running sink completes too)
 * - **Fails when** that stream fails (the running sink fails too)
 * - **Cancels when** the running sink cancels
 *
 * @example
 * ```ts
 * const [total, sink] = Sink.fold<number, number>(0, (acc, x) => acc + x).preMaterialize()
 * Source.range(1, 4).runWith(sink)
 * await total // 10
 * ```
 * @see {@link fromSubscriber}
 * @category sink
 * @since 0.2.0
 */
export function preMaterialize<T, M>(sink: SinkGraph<T, M>, options: RunOptions = {}): [M, SinkGraph<T, NotUsed>] {
  const [subscriber, mat] = materialize(asSubscriber<T>().module.compose(sink.module, [[0, 0]], keepBoth), options) as [Subscriber<T>, M]
  return [mat, fromSubscriber(subscriber)]
}
