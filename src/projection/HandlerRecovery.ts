/**
 * What a projection does when its handler fails on an envelope.
 *
 * @module
 */
import { requireDuration, requireNonNegativeInt, type Duration } from '../core/args.js'

/**
 * A per-envelope failure strategy. After the strategy gives up with `fail`, the whole projection
 * fails and restarts (with backoff) from its last saved offset.
 *
 * - `fail`: fail at once.
 * - `skip`: leave the envelope out and go on (its offset is saved with the next ones).
 * - `retryAndFail(retries, delay)`: try again up to `retries` times, `delay` apart, then fail.
 * - `retryAndSkip(retries, delay)`: the same, then skip.
 *
 * @example
 * ```ts
 * Projection.atLeastOnce({ id, sourceProvider, offsetStore, handler, recovery: HandlerRecovery.retryAndSkip(3, '500ms') })
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface HandlerRecovery {
  readonly strategy: 'fail' | 'skip' | 'retryAndFail' | 'retryAndSkip'
  /** Extra attempts after the first (0 for `fail` and `skip`). */
  readonly retries: number
  /** Milliseconds between attempts. */
  readonly delayMs: number
}

/**
 * The failure strategies.
 *
 * @category projection
 * @since 0.2.0
 */
export const HandlerRecovery = {
  fail: Object.freeze({ strategy: 'fail', retries: 0, delayMs: 0 }) as HandlerRecovery,
  skip: Object.freeze({ strategy: 'skip', retries: 0, delayMs: 0 }) as HandlerRecovery,
  retryAndFail(retries: number, delay: Duration): HandlerRecovery {
    return Object.freeze({
      strategy: 'retryAndFail',
      retries: requireNonNegativeInt('HandlerRecovery.retryAndFail', 'retries', retries),
      delayMs: requireDuration('HandlerRecovery.retryAndFail', 'delay', delay),
    })
  },
  retryAndSkip(retries: number, delay: Duration): HandlerRecovery {
    return Object.freeze({
      strategy: 'retryAndSkip',
      retries: requireNonNegativeInt('HandlerRecovery.retryAndSkip', 'retries', retries),
      delayMs: requireDuration('HandlerRecovery.retryAndSkip', 'delay', delay),
    })
  },
} as const
