import type { SupervisionDecision } from '../../core/Attributes.js'

/**
 * Decides, for an error thrown by a user function inside a stage, whether the stage stops
 * (fails the stream), resumes (drops the element and goes on) or restarts (drops the element,
 * resets its state and goes on).
 *
 * @category error
 * @since 0.1.0
 */
export type Decider = (error: unknown) => SupervisionDecision

/**
 * The three fixed deciders. Write your own to choose per error:
 * `(e) => (e instanceof ParseError ? 'resume' : 'stop')`.
 *
 * | decision  | the failing element | the stage's state (`scan`'s accumulator, ...) | the stream |
 * |-----------|---------------------|-----------------------------------------------|------------|
 * | `stop`    | —                   | —                                             | fails      |
 * | `resume`  | dropped             | kept                                          | goes on    |
 * | `restart` | dropped             | reset to its initial value                    | goes on    |
 *
 * @example
 * ```ts
 * const parsed = await Source.from(['1', 'x', '3'])
 *   .map((s) => { const n = Number(s); if (Number.isNaN(n)) throw new TypeError(s); return n })
 *   .withSupervision(Supervision.resumingDecider)
 *   .runCollect()
 * parsed // [1, 3]
 * ```
 * @see {@link FlowOps.withSupervision}
 * @category error
 * @since 0.1.0
 */
export const Supervision = {
  /** Every error fails the stream (what happens without supervision). */
  stoppingDecider: ((): SupervisionDecision => 'stop') as Decider,
  /** Every error drops the element and the stage goes on. */
  resumingDecider: ((): SupervisionDecision => 'resume') as Decider,
  /** Every error drops the element, resets the stage's state and goes on. */
  restartingDecider: ((): SupervisionDecision => 'restart') as Decider,
} as const

/**
 * A stage that supports supervision beyond the built-in operators: `restartState()` puts its
 * state back to what it was after `preStart`.
 *
 * @category error
 * @since 0.1.0
 */
export interface Supervisable {
  /** Puts the stage's state back to its initial value (`restart`); the pending pull is then replayed. */
  restartState(): void
}

