/**
 * What the TCK's verify functions return: plain named checks any test runner can run.
 *
 * @module
 */
import type { VirtualScheduler } from '../../core/Scheduler.js'

/**
 * One check of a Reactive Streams rule. `run()` resolves when the implementation obeys the rule
 * and rejects with a {@link TestkitAssertionError} that cites the rule when it does not.
 *
 * - `required`: every conforming implementation passes it.
 * - `optional`: checks behaviour the rule allows but does not demand (multicast, `request(NaN)`);
 *   `run()` rejects with {@link TckSkip} when the implementation does not offer it.
 * - `untested`: the rule cannot be checked from outside; `run()` resolves at once and `reason`
 *   says why, so a report still lists the rule.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface TckCheck {
  /** The rule number as the specification writes it (`'3.9'`), or `'tck'` for a check of the setup itself. */
  readonly rule: string
  readonly name: string
  readonly kind: 'required' | 'optional' | 'untested'
  /** Why the check is untested or when it is skipped. */
  readonly reason?: string
  run(): Promise<void>
}

/**
 * Thrown by a check that does not apply to the implementation under test (an optional feature
 * it does not offer, or a tool the environment lacks such as `--expose-gc`).
 *
 * @category testkit
 * @since 0.1.0
 */
export class TckSkip extends Error {
  override readonly name = 'TckSkip'
}

/**
 * Options every verify function takes.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface TckOptions {
  /** How long to wait for a signal that must come (ms, default 1000). */
  readonly timeoutMs?: number
  /** How long to watch for a signal that must not come (ms, default 25). */
  readonly noSignalMs?: number
  /** Wait in this virtual time instead of real time (for implementations that run on it). */
  readonly scheduler?: VirtualScheduler
}

/** @internal */
export interface TckEnv {
  readonly timeoutMs: number
  readonly noSignalMs: number
  readonly scheduler: VirtualScheduler | undefined
}

/** @internal */
export function tckEnv(options: TckOptions): TckEnv {
  return { timeoutMs: options.timeoutMs ?? 1000, noSignalMs: options.noSignalMs ?? 25, scheduler: options.scheduler }
}

/** @internal */
export function untested(rule: string, name: string, reason: string): TckCheck {
  return { rule, name, kind: 'untested', reason, run: () => Promise.resolve() }
}
