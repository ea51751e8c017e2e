import type { Duration } from '../../core/args.js'

/**
 * How `RestartSource`, `RestartFlow` and `RestartSink` back off between restarts.
 *
 * The n-th restart in a row (n = 0, 1, ...) waits
 * `min(maxBackoff, minBackoff * 2^n) * (1 + random * randomFactor)` with `random` in [0, 1).
 * The count goes back to 0 once the inner stream has run longer than `maxRestartsWithin` since
 * its last (re)start; when it reaches `maxRestarts`, the next end of the inner stream is final
 * (its completion or failure passes on).
 *
 * ```
 * inner:  -1-#   -2-#      -3--------------#   (each # a failure)
 * wait:       min    2·min               min   (reset: it ran longer than maxRestartsWithin)
 * ```
 *
 * @category restart
 * @since 0.1.0
 */
export interface RestartSettings {
  /** The first wait (milliseconds, or a string such as `'1s'`). */
  readonly minBackoff: Duration
  /** The longest wait before the random factor is applied. At least `minBackoff`. */
  readonly maxBackoff: Duration
  /** Up to this fraction is added to each wait at random (0.2 adds up to 20%), so restarts of many streams spread out. */
  readonly randomFactor: number
  /** At most this many restarts in a row (default `Infinity`; 0 never restarts). */
  readonly maxRestarts?: number
  /** A run longer than this resets the count of restarts in a row (default `minBackoff`). */
  readonly maxRestartsWithin?: Duration
}
