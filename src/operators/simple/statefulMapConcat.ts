import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { MapConcat } from './internal/MapConcat.js'

/**
 * Like {@link mapConcat} with a state: `create` runs once per materialization and returns the
 * function that maps each element to an iterable, so that function can keep state in its
 * closure (Pekko's `statefulMapConcat`). The iterable's elements are emitted one by one, on demand.
 *
 * ```
 * in:  -a----b----|
 * out: -a----(bb)-|    statefulMapConcat(() => { let n = 0; return (x) => Array(++n).fill(x) })
 * ```
 * - **Emits when** the current iterable has a next element and downstream pulls
 * - **Backpressures when** downstream backpressures, or the current iterable has elements left
 * - **Completes when** upstream completes and the last iterable is exhausted
 * - **Fails when** upstream fails, `create` or the function it returned throws, or an iterator throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const numbered = Source.from(['a', 'b', 'c']).statefulMapConcat(() => {
 *   let n = 0
 *   return (x) => [`${++n}:${x}`]
 * })
 * await numbered.runCollect() // ['1:a', '2:b', '3:c']
 * await numbered.runCollect() // ['1:a', '2:b', '3:c']
 * ```
 * @see {@link mapConcat}, {@link statefulMap}
 * @category simple
 * @since 0.2.0
 */
export function statefulMapConcat<In, Out>(create: () => (x: In) => Iterable<Out>): FlowGraph<In, Out, NotUsed> {
  requireFunction('statefulMapConcat', 'create', create)
  return flowOf('statefulMapConcat', () => new StatefulMapConcat(create))
}

class StatefulMapConcat<In, Out> extends MapConcat<In, Out> {
  constructor(private readonly create: () => (x: In) => Iterable<Out>) {
    super(notCreated)
  }
  override preStart(): void {
    const f = this.create()
    if (typeof f !== 'function') throw new TypeError(`statefulMapConcat(create): expected create to return a function, got ${typeof f}`)
    this.f = f
  }
}

function notCreated(): never {
  throw new Error('statefulMapConcat: no element can arrive before preStart')
}
