/**
 * A query the stage API lacks, for stages that must prefer a real element over a made-up one
 * (`expand`, `extrapolate`, `keepAlive`).
 *
 * @module
 */
import { HAS_ELEM, type Inlet } from '../../../core/ports.js'

/**
 * True when upstream has pushed an element that this stage has not been handed yet (its
 * `onPush` is queued). `isAvailable(in)` is false and `hasBeenPulled(in)` is true both while
 * waiting and while the element is on its way. It matters because a downstream that pulls again
 * synchronously re-runs `onPull` (the interpreter's REPULL loop) before the queued `onPush`.
 *
 * @internal
 */
export function elementInFlight(inlet: Inlet<unknown>): boolean {
  return (inlet.conn.state & HAS_ELEM) !== 0
}
