/**
 * The handle of a running projection.
 *
 * @module
 */
import type { Offset } from './Offset.js'
import type { ProjectionEvent, ProjectionStatus } from './ProjectionStatus.js'

/**
 * What {@link Projection.run} returns: management of one running projection.
 *
 * @example
 * ```ts
 * const control = projection.run()
 * await control.whenCaughtUp()      // readiness: the read model reflects everything stored so far
 * await control.pause()             // persisted: stays paused after a restart of the process
 * await control.setOffset(1234)     // skip a poison event
 * await control.resume()
 * await control.clearOffset()       // rebuild from scratch
 * await control.stop()
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface ProjectionControl {
  /** Stops after the envelopes in flight are handled and their offset saved; resolves when everything is released. */
  stop(): Promise<void>
  /** Stops processing (as `stop`, but the control stays usable) and persists the paused flag. */
  pause(): Promise<void>
  /** Clears the paused flag and runs again from the saved offset. */
  resume(): Promise<void>
  /** The saved offset, read from the offset store. */
  offset(): Promise<Offset | undefined>
  /** Stops the current run, saves `offset` (the next run starts after it), and runs again unless paused. */
  setOffset(offset: Offset | undefined): Promise<void>
  /** `setOffset(undefined)`: the next run starts from the beginning (rebuild the read model first). */
  clearOffset(): Promise<void>
  /**
   * Resolves when everything the source had when it last looked was handled and its offset saved
   * (the event store's subscriptions know; other sources are caught up when they complete).
   * Rejects if the projection is stopped before that.
   */
  whenCaughtUp(): Promise<void>
  /** Where the projection is; see {@link ProjectionStatus}. */
  status(): ProjectionStatus
  /** Adds an observer; returns a function that removes it. */
  observe(observer: (event: ProjectionEvent) => void): () => void
  /** Resolves when the projection has stopped (by `stop()`, or for good after a failure it does not restart from). */
  readonly done: Promise<void>
}
