/**
 * Timing of the user calls of the async operators (`mapAsync`, `filterAsync`,
 * `mapAsyncUnordered`), for the `sluice.mapAsync.duration` histogram. A process-wide switch that
 * the metrics module turns on while someone listens: with it off, an element costs the stage one
 * boolean check (`callTimingOn ? timedCall(...) : call(...)`), nothing else.
 *
 * @module
 * @internal
 */
import { hostNow, RealScheduler, type Scheduler } from '../../../core/Scheduler.js'
import type { StageLogic } from '../../../core/StageLogic.js'
import { isThenable } from './thenable.js'

/** One timed call: the stage that made it, how long it took to settle (ms, on the run's clock), and whether it rejected. @internal */
export type CallTimingListener = (stage: StageLogic, ms: number, error: unknown) => void

/** True while at least one listener is registered; read once per element by the async stages. @internal */
export let callTimingOn = false

const listeners = new Set<CallTimingListener>()
/** `error` of a call that fulfilled. */
const NO_ERROR: unknown = undefined

/** The host's clock, as a scheduler's `now`. */
const hostTiming = { now: hostNow }

/**
 * The clock a stage times its calls with: the run's scheduler (virtual time in tests), except
 * the real scheduler, which is read through the host clock looked up once: `RealScheduler.now()`
 * reads `globalThis.performance` on every call so that fake timers that replace it are honoured,
 * and Node's `performance` is a getter (71 ns a read against 44). With fake timers installed on
 * the real scheduler, call durations are therefore measured in real time. @internal
 */
export function timingClock(scheduler: Scheduler): { now(): number } {
  return scheduler instanceof RealScheduler ? hostTiming : scheduler
}

/** Registers `listener` (turning timing on); returns the function that removes it. @internal */
export function listenToCallTimings(listener: CallTimingListener): () => void {
  listeners.add(listener)
  callTimingOn = true
  return () => {
    listeners.delete(listener)
    callTimingOn = listeners.size > 0
  }
}

/**
 * Calls `f(arg)` as `stage` would (`this` is the stage) and tells the listeners how long the
 * result took to settle, from the call to the settlement, measured on the run's scheduler (so
 * virtual time in tests; see `timingClock`). A synchronous result counts as settled at once; a call that throws is
 * not timed (it fails the stage, or is supervised, as without timing).
 *
 * @internal
 */
export function timedCall<A, R>(stage: StageLogic, f: (arg: A) => R, arg: A): R {
  const clock = timingClock(stage.interpreter.scheduler)
  const start = clock.now()
  const r = f.call(stage, arg)
  if (isThenable(r))
    r.then(
      () => report(stage, clock.now() - start, NO_ERROR),
      (error: unknown) => report(stage, clock.now() - start, error ?? new Error('rejected')),
    )
  else report(stage, clock.now() - start, NO_ERROR)
  return r
}

/** Reports one call's duration (for stages that time their calls themselves, like OrderedAsync). @internal */
export function reportCallTiming(stage: StageLogic, ms: number, error: unknown): void {
  report(stage, ms, error)
}

function report(stage: StageLogic, ms: number, error: unknown): void {
  // A listener that throws must not fail the stream: each one guards itself (see collectMetrics).
  for (const l of listeners) l(stage, ms, error)
}
