import type { NotUsed } from '../../core/Graph.js'
import { FanOutShape2, shaped, type ShapedGraph } from '../../core/Shape.js'
import { unzipWithModule } from './unzipWith.js'

const same = <P>(pair: P): P => pair

/**
 * Splits a stream of pairs: the first elements go to `out0`, the second to `out1`. Upstream is
 * pulled when both outputs have pulled.
 *
 * ```
 *                    ┌─> out0   -1-2|
 * in: -[1,a]-[2,b]|─┤
 *                    └─> out1   -a-b|
 * ```
 * - **Emits when** both outputs have pulled and upstream emits
 * - **Backpressures when** either output backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** either output cancels
 *
 * @example
 * ```ts
 * const [nums, strs] = GraphDSL.create([Sink.collect<number>(), Sink.collect<string>()], (b, [n, s]) => {
 *   const unzip = b.add(Unzip.create<number, string>())
 *   b.from(Source.from<[number, string]>([[1, 'a'], [2, 'b']])).to(unzip)
 *   b.from(unzip.out0).to(n)
 *   b.from(unzip.out1).to(s)
 *   return ClosedShape
 * }).run()
 * await strs // ['a', 'b']
 * ```
 * @see {@link UnzipWith}, {@link Zip}
 * @category fan-out
 * @since 0.1.0
 */
export const Unzip = {
  create<A, B>(): ShapedGraph<FanOutShape2<readonly [A, B], A, B>, NotUsed> {
    return shaped(unzipWithModule<readonly [A, B], A, B>('unzip', same), FanOutShape2.template<readonly [A, B], A, B>())
  },
}
