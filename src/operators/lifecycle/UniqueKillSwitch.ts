import type { KillSignal } from './internal/KillSwitchStage.js'

/**
 * Stops a running stream from the outside. Both methods may be called from anywhere; they take
 * effect inside the stream (in a microtask when called from outside), and only the first call counts.
 *
 * @category lifecycle
 * @since 0.1.0
 */
export interface KillSwitch {
  /** Completes the stream downstream of the switch and cancels it upstream. */
  shutdown(): void
  /** Fails the stream downstream of the switch with `error` and cancels it upstream. */
  abort(error: unknown): void
}

/**
 * The switch `KillSwitches.single()` materializes: it controls the one stream run it came from.
 *
 * @example
 * ```ts
 * const [killSwitch, done] = Source.repeat('tick').viaMat(KillSwitches.single(), Keep.right).toMat(Sink.ignore(), Keep.both).run()
 * killSwitch.shutdown()
 * await done // resolves: the stream completed
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export class UniqueKillSwitch implements KillSwitch {
  private used = false
  /** @internal */
  constructor(private readonly kill: (signal: KillSignal) => void) {}

  shutdown(): void {
    if (this.used) return
    this.used = true
    this.kill(null)
  }

  abort(error: unknown): void {
    if (this.used) return
    this.used = true
    this.kill({ error })
  }
}
