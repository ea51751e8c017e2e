import type { SourceGraph } from '../../core/Graph.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import { keepRight } from '../../core/Module.js'
import { asAsyncIterable, type AsyncIterableOptions } from './asAsyncIterable.js'

/**
 * Options of {@link toAsyncIterable}: the prefetch, and the run options each loop runs with.
 *
 * @category interop
 * @since 0.1.0
 */
export interface ToAsyncIterableOptions extends AsyncIterableOptions, RunOptions {}

/**
 * An `AsyncIterable` over the elements of `source`: each `for await` loop (each call of
 * `[Symbol.asyncIterator]()`) runs the source anew. At most `prefetch` elements are requested
 * ahead of the loop; leaving the loop early cancels upstream.
 *
 * ```
 * source: -a-b-c-d-e-...
 * loop:   -a-b-c x         (x: break; upstream is cancelled)
 * ```
 * - **Emits when** the loop calls `next()` and an element is buffered or arrives
 * - **Backpressures when** `prefetch` elements are buffered ahead of the loop
 * - **Completes when** the source completes (the loop ends)
 * - **Fails when** the source fails (the loop throws the error)
 * - **Cancels when** the loop is left early (`break`, `return`, a throw)
 *
 * @example
 * ```ts
 * const seen: number[] = []
 * for await (const x of Source.range(1, 5).toAsyncIterable({ prefetch: 2 })) seen.push(x)
 * seen // [1, 2, 3, 4, 5]
 * ```
 * @see {@link asAsyncIterable}, {@link operators!source.fromAsyncIterable | fromAsyncIterable}
 * @category interop
 * @since 0.1.0
 */
export function toAsyncIterable<T>(source: SourceGraph<T, unknown>, options: ToAsyncIterableOptions = {}): AsyncIterable<T> {
  const sink = asAsyncIterable<T>(options)
  const graph = source.module.compose(sink.module, [[0, 0]], keepRight)
  return {
    [Symbol.asyncIterator]: () => materialize(graph, options) as AsyncIterableIterator<T>,
  }
}
