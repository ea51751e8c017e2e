import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/** Options of {@link takeWhile}. */
export interface TakeWhileOptions {
  /** Also emit the first element that fails the predicate (default `false`). */
  readonly inclusive?: boolean
}

/**
 * Passes on elements while `predicate` holds, then cancels upstream and completes.
 *
 * ```
 * in:  -1--2--5--1--|
 * out: -1--2--|         takeWhile(x => x < 3)
 * ```
 * - **Emits when** the predicate holds (and, with `inclusive`, for the first element where it does not)
 * - **Backpressures when** downstream backpressures
 * - **Completes when** the predicate fails, or upstream completes
 * - **Fails when** upstream fails or `predicate` throws
 * - **Cancels when** the predicate fails, or downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 2, 5, 1]).takeWhile((x) => x < 3).runCollect() // [1, 2]
 * ```
 * @see {@link take}, {@link dropWhile}
 * @category simple
 * @since 0.1.0
 */
export function takeWhile<T>(predicate: (x: T) => boolean, options: TakeWhileOptions = {}): FlowGraph<T, T, NotUsed> {
  requireFunction('takeWhile', 'predicate', predicate)
  const inclusive = options.inclusive ?? false
  return flowOf('takeWhile', () => new TakeWhile(predicate, inclusive), { kind: 'takeWhile', f: predicate as (x: unknown) => boolean, inclusive })
}

class TakeWhile<T> extends LinearStage<T, T> {
  constructor(
    private readonly p: (x: T) => boolean,
    private readonly inclusive: boolean,
  ) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.p(elem)) return this.push(this.out, elem)
    this.cancel(this.in)
    if (this.inclusive) this.push(this.out, elem)
    this.complete(this.out)
  }
}
