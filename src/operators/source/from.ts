import type { SourceGraph, NotUsed } from '../../core/Graph.js'
import type { Publisher } from '../../spec/types.js'
import { fromAsyncIterable } from './fromAsyncIterable.js'
import { fromIterable } from './fromIterable.js'
import { fromPromise } from './fromPromise.js'
import { fromPublisher } from './fromPublisher.js'

/** What {@link from} accepts. */
export type SourceInput<T> = Iterable<T> | AsyncIterable<T> | PromiseLike<T> | Publisher<T>

/**
 * Emits the elements of an Iterable, an AsyncIterable, a Promise or a Publisher, choosing
 * {@link fromIterable}, {@link fromAsyncIterable}, {@link fromPromise} or {@link fromPublisher}.
 * (A string is an Iterable of its characters.)
 *
 * ```
 * out: -a--b--c|
 * ```
 * - **Emits when** downstream pulls and the input has an element
 * - **Completes when** the input is exhausted
 * - **Fails when** the input fails
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 3]).runCollect() // [1, 2, 3]
 * await Source.from(Promise.resolve('x')).runCollect() // ['x']
 * ```
 * @category source
 * @since 0.1.0
 */
export function from<T>(input: SourceInput<T>): SourceGraph<T, NotUsed> {
  if (input === null || input === undefined) throw new TypeError(`from(input): expected an Iterable, AsyncIterable, Promise or Publisher, got ${String(input)}`)
  const any = input as unknown as Record<PropertyKey, unknown>
  if (typeof any[Symbol.iterator] === 'function') return fromIterable(input as Iterable<T>)
  if (typeof any[Symbol.asyncIterator] === 'function') return fromAsyncIterable(input as AsyncIterable<T>)
  if (typeof any['then'] === 'function') return fromPromise(input as PromiseLike<T>)
  if (typeof any['subscribe'] === 'function') return fromPublisher(input as Publisher<T>)
  throw new TypeError('from(input): expected an Iterable, AsyncIterable, Promise or Publisher, got an object that is none of these')
}
