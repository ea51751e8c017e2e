import { flowOf, type FlowGraph } from '../../core/Graph.js'
import { KillSwitchStage, type KillSignal, type KillSwitchRegistry } from './internal/KillSwitchStage.js'
import type { KillSwitch } from './UniqueKillSwitch.js'

/**
 * A kill switch for any number of streams: put `flow()` into each, then `shutdown()` or `abort(e)`
 * stops all of them at once, including streams that start after the switch was used (they stop
 * as soon as they start).
 *
 * ```
 * source A ─▶ flow() ─▶ ...      switch.shutdown()
 * source B ─▶ flow() ─▶ ...        └─▶ every flow() completes downstream, cancels upstream
 * ```
 *
 * @example
 * ```ts
 * const killSwitch = KillSwitches.shared('consumers')
 * const a = Source.repeat(1).via(killSwitch.flow()).runWith(Sink.ignore())
 * const b = Source.repeat(2).via(killSwitch.flow()).runWith(Sink.ignore())
 * killSwitch.shutdown()
 * await Promise.all([a, b]) // both completed
 * ```
 * @category lifecycle
 * @since 0.1.0
 */
export class SharedKillSwitch implements KillSwitch, KillSwitchRegistry {
  private readonly stages = new Set<(signal: KillSignal) => void>()
  private given: KillSignal | undefined = undefined
  constructor(readonly name: string) {}

  /** A flow that passes elements on until this switch is used; materializes this switch. */
  flow<T>(): FlowGraph<T, T, SharedKillSwitch> {
    return flowOf<T, T, SharedKillSwitch>(`killSwitch(${this.name})`, () => {
      const stage = new KillSwitchStage<T>(this)
      stage.mat = this
      return stage
    })
  }

  shutdown(): void {
    this.fire(null)
  }

  abort(error: unknown): void {
    this.fire({ error })
  }

  /** True once `shutdown` or `abort` was called. */
  get isUsed(): boolean {
    return this.given !== undefined
  }

  /** @internal */ register(kill: (signal: KillSignal) => void): KillSignal | undefined {
    if (this.given === undefined) this.stages.add(kill)
    return this.given
  }

  /** @internal */ unregister(kill: (signal: KillSignal) => void): void {
    this.stages.delete(kill)
  }

  private fire(signal: KillSignal): void {
    if (this.given !== undefined) return
    this.given = signal
    for (const kill of this.stages) kill(signal)
    this.stages.clear()
  }

  toString(): string {
    return `SharedKillSwitch(${this.name})`
  }
}
