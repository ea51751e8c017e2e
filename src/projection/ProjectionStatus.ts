/**
 * What a running projection reports about itself.
 *
 * @module
 */
import type { Offset } from './Offset.js'
import type { ProjectionId } from './ProjectionId.js'

/**
 * A snapshot of a projection, from {@link ProjectionControl.status}.
 *
 * @example
 * ```ts
 * const s = control.status()
 * console.log(s.state, s.processed, s.lag.events, s.lag.ms)
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface ProjectionStatus {
  readonly id: ProjectionId
  /** `starting` until the first run loaded its offset; `failed` while waiting to restart after a failure. */
  readonly state: 'starting' | 'running' | 'paused' | 'failed' | 'stopped'
  /** Envelopes handled since `run()` (skipped ones included, dropped duplicates not). */
  readonly processed: number
  /** Envelopes the sequence guard dropped as already processed. */
  readonly duplicatesDropped: number
  /** Envelopes a failure strategy skipped. */
  readonly skipped: number
  /** Runs started after a failure. */
  readonly restarts: number
  /** The last saved offset (`undefined` before the first save and when starting from scratch). */
  readonly offset: Offset | undefined
  /** The last failure, if any. */
  readonly lastError: Error | undefined
  readonly lag: {
    /**
     * Events after the saved offset: counted by the source (the event store's `countEvents`) when
     * the status is read, at most once a second (a read reports the last count while the next one
     * runs), or, for sources that cannot count (brokers) and before the first count, the
     * envelopes received and not yet saved. 0 when caught up; `undefined` when unknown.
     */
    readonly events: number | undefined
    /** Now minus the `occurredAt` of the last processed envelope (`undefined` before one, or without `occurredAt`); 0 when caught up. */
    readonly ms: number | undefined
  }
  /** True when everything the source had was processed and saved. */
  readonly caughtUp: boolean
}

/**
 * What observers hear. `progress` comes after each offset save.
 *
 * @example
 * ```ts
 * Projection.atLeastOnce({ ...settings, onStatus: (e) => { if (e.type === 'failed') log.warn(e.error, e.offset) } })
 * ```
 * @category projection
 * @since 0.2.0
 */
export type ProjectionEvent =
  | { readonly type: 'started'; readonly id: ProjectionId; readonly offset: Offset | undefined }
  | { readonly type: 'progress'; readonly id: ProjectionId; readonly offset: Offset; readonly processed: number }
  | {
      readonly type: 'failed'
      readonly id: ProjectionId
      readonly error: Error
      /** The envelope the handler failed on, when the failure is the handler's. */
      readonly offset: Offset | undefined
      readonly aggregateId: string | undefined
      /** What happens next: another attempt at the envelope, skipping it, or a restart of the projection. */
      readonly next: 'retry' | 'skip' | 'restart' | 'stop'
    }
  | { readonly type: 'restarted'; readonly id: ProjectionId; readonly offset: Offset | undefined; readonly restarts: number }
  | { readonly type: 'paused'; readonly id: ProjectionId }
  | { readonly type: 'resumed'; readonly id: ProjectionId }
  | { readonly type: 'stopped'; readonly id: ProjectionId; readonly offset: Offset | undefined }
