/**
 * Runs a source into a sink that asks for elements on a script, and records what the source did
 * with the demand it was given: the elements, how the stream ended, and every protocol violation
 * seen from the outside.
 *
 * @module
 */
import { StageProtocolError } from '../core/errors.js'
import { sinkOf } from '../core/Graph.js'
import type { SourceGraph } from '../core/Graph.js'
import { flushMicrotasks, hostYield, VirtualScheduler } from '../core/Scheduler.js'
import { SinkStage } from '../core/StageLogic.js'
import { Source } from '../dsl/Source.js'
import { addDemand } from '../spec/rules.js'

/**
 * One step of a demand script: ask for `n` more elements, let `ms` of virtual time pass, or cancel.
 *
 * @category testkit
 * @since 0.1.0
 */
export type DemandStep = { readonly request: number } | { readonly pause: number } | { readonly cancel: true }

/** How a scheduled run ended. `stalled`: nothing terminated the stream and nothing was left to wait for. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'stalled'

/**
 * What {@link runScheduled} observed.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface ScheduledRun<T> {
  /** The elements received, in order. */
  readonly elements: T[]
  readonly outcome: RunOutcome
  /** The failure when `outcome` is `'failed'`. */
  readonly error: unknown
  /**
   * Broken rules, in words: an element beyond the requested demand, a signal after a terminal
   * signal or after cancel, a second termination, a `StageProtocolError`, an error reported to
   * the run's unhandled-error hook, stages still running after the sink terminated. Empty when
   * the source behaved.
   */
  readonly violations: string[]
  /** Total demand signalled by the sink (saturates at `Number.MAX_SAFE_INTEGER`). */
  readonly requested: number
  /** Timers still scheduled on the run's scheduler when the run was over (0 for a clean stop). */
  readonly pendingTimers: number
  /** The scheduler the run used (the one passed in, or the one created for it). */
  readonly scheduler: VirtualScheduler
}

/**
 * Options of {@link runScheduled}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface RunScheduledOptions {
  /** The virtual clock to run on; a fresh one when absent. */
  readonly scheduler?: VirtualScheduler
  /**
   * After the script, the run is `stalled` when this many rounds in a row (flush microtasks,
   * fire due timers, yield to the host once) brought no element and no termination (default 3).
   */
  readonly stallAfter?: number
  /** After the script, cancel and report a violation when the stream has sent this many elements without ending (default 1e6). */
  readonly maxElements?: number
}

/** Demand the sink adds after the script so that the stream can run to its end. */
const FINAL_DEMAND = 1e9
/** Rounds in which only timers fired before the run counts as stalled (a periodic timer with no effect). */
const MAX_TIMER_ONLY_ROUNDS = 1000

/**
 * Runs `source` into a sink that follows `schedule`: `{ request: n }` adds `n` to the demand (the
 * sink pulls one element at a time while it has demand), `{ pause: ms }` advances the virtual
 * clock by `ms`, `{ cancel: true }` cancels. When the script does not end with a cancel, the sink
 * then asks for plenty more (1e9 in total) and waits, firing timers, until the stream ends or
 * stalls. It counts what arrives against what was requested.
 *
 * @example
 * ```ts
 * const run = await runScheduled(Source.range(1, 5).map((x) => x * 2), [{ request: 2 }, { pause: 10 }, { cancel: true }])
 * run.elements   // [2, 4]
 * run.outcome    // 'cancelled'
 * run.violations // []
 * ```
 * @see {@link demandSchedule}, {@link demandInvariant}
 * @category testkit
 * @since 0.1.0
 */
export async function runScheduled<T>(
  source: SourceGraph<T, unknown>,
  schedule: readonly DemandStep[],
  options: RunScheduledOptions = {},
): Promise<ScheduledRun<T>> {
  const scheduler = options.scheduler ?? new VirtualScheduler()
  const stallAfter = options.stallAfter ?? 3
  const maxElements = options.maxElements ?? 1e6
  const unhandled: string[] = []
  let sink: ScheduledSink<T> | null = null
  Source.fromGraph(source).runWith(
    sinkOf<T, void>('runScheduled', () => (sink = new ScheduledSink<T>())),
    { scheduler, onUnhandledError: (error, stage) => unhandled.push(`unhandled error in stage '${stage}': ${describe(error)}`) },
  )
  const s = sink as unknown as ScheduledSink<T>

  let endedWithCancel = false
  for (const step of schedule) {
    if (s.outcome !== null) break
    if ('request' in step) s.requestCb(step.request)
    else if ('pause' in step) await scheduler.advance(step.pause)
    else if ('cancel' in step) {
      s.cancelCb()
      endedWithCancel = true
    }
    await settleOnce()
    if (endedWithCancel) break
  }

  if (!endedWithCancel && s.outcome === null) {
    s.requestCb(Math.max(1, FINAL_DEMAND - s.requested))
    let idle = 0
    let timerOnly = 0
    while (s.outcome === null) {
      const before = s.elements.length
      await settleOnce()
      if (s.outcome !== null) break
      const due = scheduler.nextDue()
      if (due !== undefined) await scheduler.advanceTo(due)
      await settleOnce()
      if (s.outcome !== null) break
      if (s.elements.length > maxElements) {
        s.violations.push(`the stream sent more than ${maxElements} elements after the script without ending; cancelled it`)
        s.cancelCb()
        await settleOnce()
        break
      }
      if (s.elements.length !== before) {
        idle = 0
        timerOnly = 0
      } else if (due !== undefined) {
        if (++timerOnly >= MAX_TIMER_ONLY_ROUNDS) break
      } else if (++idle >= stallAfter) break
    }
  }
  // Let teardown finish (stop hooks, iterator returns) before looking at what is left running.
  await settleOnce()
  if (s.outcome !== null && !s.interpreter.finished) {
    const running = s.interpreter.logics.filter((l) => !l.isStopped).map((l) => `'${l.name}'`)
    s.violations.push(`after the sink terminated (${s.outcome}), stage(s) still running: ${running.join(', ')}`)
  }
  if (s.outcome === 'failed' && s.error instanceof StageProtocolError) s.violations.push(`stage protocol error: ${s.error.message}`)
  return {
    elements: s.elements,
    outcome: s.outcome ?? 'stalled',
    error: s.error,
    violations: [...s.violations, ...unhandled],
    requested: s.requested,
    pendingTimers: scheduler.pendingTimers,
    scheduler,
  }
}

async function settleOnce(): Promise<void> {
  await flushMicrotasks()
  await new Promise<void>((resolve) => hostYield(resolve))
  await flushMicrotasks()
}

/** @internal */
export function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** The sink of {@link runScheduled}: pulls while it has demand and checks every signal against it. */
class ScheduledSink<T> extends SinkStage<T> {
  readonly elements: T[] = []
  readonly violations: string[] = []
  requested = 0
  outcome: 'completed' | 'failed' | 'cancelled' | null = null
  error: unknown = undefined
  readonly requestCb = this.getAsyncCallback<number>((n) => {
    this.requested = addDemand(this.requested, n)
    this.pullIfDemand()
  })
  readonly cancelCb = this.getAsyncCallback<void>(() => {
    if (this.outcome !== null) return
    this.outcome = 'cancelled'
    this.cancel(this.in)
  })

  private pullIfDemand(): void {
    if (this.elements.length < this.requested && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const n = this.elements.length + 1
    if (this.outcome !== null) this.violations.push(`element #${n} (${describe(elem)}) arrived after the stream was ${this.outcome}`)
    else if (n > this.requested) this.violations.push(`element #${n} (${describe(elem)}) arrived with only ${this.requested} requested`)
    this.elements.push(elem)
    this.pullIfDemand()
  }

  override onUpstreamFinish(): void {
    this.terminate('completed', undefined)
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    this.terminate('failed', error)
    this.failStage(error)
  }

  private terminate(how: 'completed' | 'failed', error: unknown): void {
    if (this.outcome !== null) {
      this.violations.push(`${how === 'completed' ? 'completion' : `failure (${describe(error)})`} arrived after the stream was already ${this.outcome}`)
      return
    }
    this.outcome = how
    this.error = error
  }
}
