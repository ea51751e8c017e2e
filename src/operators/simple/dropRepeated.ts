import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Drops each element that equals the one emitted just before it (Pekko's `dropRepeated`); so a
 * run of equal elements is emitted once. `equals` defaults to `Object.is`.
 *
 * ```
 * in:  -1--1--2--2--1--|
 * out: -1-----2-----1--|    dropRepeated()
 * ```
 * - **Emits when** an element differs from the last one emitted (the first element always does; a dropped element is not compared with)
 * - **Backpressures when** an element differs from the last one emitted and downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails or `equals` throws
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from([1, 1, 2, 2, 2, 1]).dropRepeated().runCollect() // [1, 2, 1]
 * ```
 * @see {@link filter}
 * @category simple
 * @since 0.2.0
 */
export function dropRepeated<T>(equals: (previous: T, next: T) => boolean = Object.is): FlowGraph<T, T, NotUsed> {
  requireFunction('dropRepeated', 'equals', equals)
  return flowOf('dropRepeated', () => new DropRepeated(equals))
}

class DropRepeated<T> extends LinearStage<T, T> {
  private hasLast = false
  private last: T | undefined = undefined
  constructor(private readonly equals: (previous: T, next: T) => boolean) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.hasLast && this.equals(this.last as T, elem)) return this.pull(this.in)
    this.hasLast = true
    this.last = elem
    this.push(this.out, elem)
  }
}
