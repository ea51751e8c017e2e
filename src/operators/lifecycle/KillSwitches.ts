import { flowOf, type FlowGraph } from '../../core/Graph.js'
import { KillSwitchStage } from './internal/KillSwitchStage.js'
import { SharedKillSwitch } from './SharedKillSwitch.js'
import { UniqueKillSwitch } from './UniqueKillSwitch.js'

/**
 * Kill switches: flows that pass elements on until told to stop the stream from the outside.
 *
 * ```
 * in:   -1--2--3--4--5-
 * out:  -1--2--3|           shutdown() called after 3
 * up:   ^--------!          (upstream cancelled)
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes, or the switch is shut down
 * - **Fails when** upstream fails, or the switch is aborted (with the abort's error)
 * - **Cancels when** downstream cancels, or the switch is used
 *
 * @example
 * ```ts
 * const [killSwitch, done] = Source.repeat('tick').viaMat(KillSwitches.single(), Keep.right).toMat(Sink.ignore(), Keep.both).run()
 * killSwitch.abort(new Error('shutting down'))
 * await done.catch((e: Error) => e.message) // 'shutting down'
 * ```
 * @see {@link UniqueKillSwitch}, {@link SharedKillSwitch}
 * @category lifecycle
 * @since 0.1.0
 */
export const KillSwitches = {
  /** A flow that materializes a {@link UniqueKillSwitch} for the one run it is part of. */
  single<T>(): FlowGraph<T, T, UniqueKillSwitch> {
    return flowOf<T, T, UniqueKillSwitch>('killSwitch', () => {
      const stage = new KillSwitchStage<T>(null)
      stage.mat = new UniqueKillSwitch(stage.kill)
      return stage
    })
  },
  /** A {@link SharedKillSwitch} named `name` (the name shows in stage names and errors). */
  shared(name: string): SharedKillSwitch {
    if (typeof name !== 'string') throw new TypeError(`KillSwitches.shared(name): expected a string, got ${typeof name}`)
    return new SharedKillSwitch(name)
  },
} as const
