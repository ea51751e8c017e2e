import type { Module } from '../../core/Module.js'
import type { Decider } from './Supervision.js'
import { supervise } from './internal/supervise.js'

/**
 * Sets the supervision strategy of every stage of a graph that runs a user function: when that
 * function throws, `decider(error)` chooses `'stop'` (fail, the default), `'resume'` (drop the
 * element and go on) or `'restart'` (drop it, reset the stage's state and go on). The DSL's
 * `.withSupervision(decider)` on a `Source` or `Flow` applies this to the graph built so far;
 * wrap a single operator in a `Flow` to scope it to that operator.
 *
 * ```
 * in:   -1--x--3--|
 * out:  -1-----3--|      map(parse).withSupervision(() => 'resume')   (parse throws on x)
 * ```
 * - **Emits when** the supervised operators emit
 * - **Backpressures when** they backpressure; a resumed element is replaced by a pull upstream
 * - **Completes when** they complete
 * - **Fails when** a user function throws and the decider says `'stop'` (or throws itself)
 * - **Cancels when** they cancel
 *
 * Supported: `map`, `filter`, `filterMap`, `mapConcat`, `scan`, `fold`, `reduce`, `statefulMap`,
 * `takeWhile`, `dropWhile`, and any linear stage that implements `restartState()`. Other stages
 * ignore the setting (they fail as usual). An inner `withSupervision` wins over an outer one.
 * Errors thrown while a stage starts (`statefulMap`'s `create`) are never supervised.
 *
 * @example
 * ```ts
 * const totals = await Source.from([1, 2, -1, 3])
 *   .scan(0, (acc, x) => { if (x < 0) throw new RangeError('negative'); return acc + x })
 *   .withSupervision(Supervision.restartingDecider)
 *   .runCollect()
 * totals // [0, 1, 3, 0, 3]; the accumulator restarted at 0 (and was emitted again), then 0 + 3
 * ```
 * @see {@link Supervision}
 * @category error
 * @since 0.1.0
 */
export function withSupervision(module: Module, decider: Decider): Module {
  if (typeof decider !== 'function') throw new TypeError(`withSupervision(decider): expected a function, got ${typeof decider}`)
  return supervise(module, decider)
}
