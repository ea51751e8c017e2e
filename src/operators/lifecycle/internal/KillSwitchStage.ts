/**
 * The stage behind `KillSwitches.single()` and `SharedKillSwitch.flow()`.
 *
 * @module
 */
import { LinearStage } from '../../../core/StageLogic.js'

/** What a kill switch asks of its stages: `null` to shut down, or the error to abort with. @internal */
export type KillSignal = { readonly error: unknown } | null

/** Where a stage of a shared switch registers. @internal */
export interface KillSwitchRegistry {
  /** Adds `kill`; returns the signal already given, if the switch was used before this stage started. */
  register(kill: (signal: KillSignal) => void): KillSignal | undefined
  unregister(kill: (signal: KillSignal) => void): void
}

/**
 * Passes elements through (pulls go straight upstream) until its switch fires: shut down
 * completes downstream and cancels upstream; abort fails downstream and cancels upstream with
 * the error.
 *
 * @internal
 */
export class KillSwitchStage<T> extends LinearStage<T, T> {
  readonly kill = this.getAsyncCallback<KillSignal>((signal) => {
    if (signal === null) this.completeStage()
    else this.failStage(signal.error)
  })
  constructor(private readonly registry: KillSwitchRegistry | null) {
    super()
  }
  override preStart(): void {
    if (this.registry === null) return
    const given = this.registry.register(this.kill)
    if (given === null) this.completeStage()
    else if (given !== undefined) this.failStage(given.error)
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override postStop(): void {
    this.registry?.unregister(this.kill)
  }
}
