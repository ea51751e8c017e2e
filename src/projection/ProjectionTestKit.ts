/**
 * Helpers for testing projections.
 *
 * @module
 */
import { requireDuration, type Duration } from '../core/args.js'
import type { VirtualScheduler } from '../core/Scheduler.js';
import { flushMicrotasks } from '../core/Scheduler.js'
import type { Projection } from './Projection.js'
import type { ProjectionControl } from './ProjectionControl.js'
import type { ProjectionStatus } from './ProjectionStatus.js'

/**
 * Options of {@link ProjectionTestKit.runUntilCaughtUp} and {@link ProjectionTestKit.runUntil}.
 *
 * @category projection
 * @since 0.2.0
 */
export interface ProjectionTestOptions {
  /** Give up after this long (default `'5s'`): the call rejects with what it was waiting for and the last status. */
  readonly timeout?: Duration
  /**
   * The projection's virtual scheduler, when it was built with one: the test kit then moves
   * virtual time on (timer by timer) while it waits, so backoff, retries and `afterDuration`
   * saves happen without real waiting. `timeout` is then virtual time too.
   */
  readonly scheduler?: VirtualScheduler
}

function failure(what: string, status: ProjectionStatus, cause?: unknown): Error {
  const s = `state ${status.state}, processed ${status.processed}, offset ${String(status.offset)}, last error ${status.lastError?.message ?? 'none'}`
  return new Error(`ProjectionTestKit: ${what} (${s})`, cause === undefined ? undefined : { cause })
}

async function waitFor(control: ProjectionControl, check: () => Promise<boolean>, what: string, options: ProjectionTestOptions): Promise<void> {
  const timeoutMs = requireDuration('ProjectionTestKit', 'timeout', options.timeout ?? '5s')
  const vs = options.scheduler
  const start = vs === undefined ? Date.now() : vs.now()
  let last: unknown
  for (;;) {
    try {
      if (await check()) return
    } catch (e) {
      last = e
    }
    if (control.status().state === 'stopped') throw failure(`the projection stopped before ${what}`, control.status(), last)
    const elapsed = (vs === undefined ? Date.now() : vs.now()) - start
    if (elapsed > timeoutMs) throw failure(`timed out after ${timeoutMs} ms waiting for ${what}`, control.status(), last)
    if (vs === undefined) await new Promise((r) => setTimeout(r, 5))
    else {
      await flushMicrotasks()
      const due = vs.nextDue()
      if (due !== undefined) await vs.advanceTo(Math.max(due, vs.now()))
      else await new Promise((r) => setTimeout(r, 1)) // real I/O (a database) may be what we wait for
    }
  }
}

/**
 * Runs projections in tests until they caught up, then lets you assert.
 *
 * @example
 * ```ts
 * const status = await ProjectionTestKit.runUntilCaughtUp(projection, () => {
 *   expect(readModel.get('general')).toBe(3)
 * })
 * status.processed // 3
 * ```
 * @category projection
 * @since 0.2.0
 */
export const ProjectionTestKit = {
  /**
   * Runs `projection` until it caught up (everything its source had was handled and saved), then
   * runs `assert` (if given), stops the projection and resolves with its last status. Rejects
   * when the projection does not catch up in time or stops first, with its status in the message.
   */
  async runUntilCaughtUp(projection: Projection, assert?: () => void | Promise<void>, options: ProjectionTestOptions = {}): Promise<ProjectionStatus> {
    const control = projection.run()
    try {
      let caughtUp = false
      void control.whenCaughtUp().then(
        () => (caughtUp = true),
        () => {},
      )
      await waitFor(control, () => Promise.resolve(caughtUp), 'the projection to catch up', options)
      if (assert !== undefined) await assert()
      return control.status()
    } finally {
      await control.stop()
    }
  },
  /**
   * Runs `projection` until `assert` passes (it is tried again until then, so it may throw while
   * the read model is not there yet), stops it and resolves with its last status.
   */
  async runUntil(projection: Projection, assert: () => void | Promise<void>, options: ProjectionTestOptions = {}): Promise<ProjectionStatus> {
    const control = projection.run()
    try {
      await waitFor(
        control,
        async () => {
          await assert()
          return true
        },
        'the assertion to pass',
        options,
      )
      return control.status()
    } finally {
      await control.stop()
    }
  },
} as const
