/**
 * The typed failures of projections. Each has a stable `name`.
 *
 * @module
 */
import type { Offset } from './Offset.js'
import { ProjectionId } from './ProjectionId.js'

/**
 * A save of a projection's offset found the row at another version than the one the instance
 * read: another instance (or a management call) wrote it. Nothing was written. The projection
 * restarts and continues from what is stored.
 *
 * @category projection
 * @since 0.2.0
 */
export class OffsetConflictError extends Error {
  override readonly name = 'OffsetConflictError'
  constructor(
    readonly projectionId: ProjectionId,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      `saveOffset(${ProjectionId.format(projectionId)}): expected version ${expectedVersion}, found ${actualVersion} (another instance or a management call wrote the offset)`,
    )
  }
}

/**
 * The sequence guard saw an aggregate skip sequence numbers: after `expected - 1` came
 * `actual`. Without `repairGaps`, the projection fails with this error.
 *
 * @category projection
 * @since 0.2.0
 */
export class SequenceGapError extends Error {
  override readonly name = 'SequenceGapError'
  constructor(
    readonly projectionId: ProjectionId,
    readonly aggregateId: string,
    readonly expected: number,
    readonly actual: number,
    readonly offset: Offset,
  ) {
    super(
      `projection ${ProjectionId.format(projectionId)}: aggregate ${JSON.stringify(aggregateId)} jumped from sequence number ${expected - 1} to ${actual} at offset ${String(offset)} (events ${expected}..${actual - 1} missing)`,
    )
  }
}

/**
 * A handler failed on an envelope and the failure strategy gave up (`fail`, or the retries of
 * `retryAndFail` ran out). `cause` is the handler's error.
 *
 * @category projection
 * @since 0.2.0
 */
export class HandlerError extends Error {
  override readonly name = 'HandlerError'
  constructor(
    readonly projectionId: ProjectionId,
    /** Offset of the (last) envelope the handler was given. */
    readonly offset: Offset,
    /** Its aggregate, when the envelope has one. */
    readonly aggregateId: string | undefined,
    /** How many times the handler was tried. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `projection ${ProjectionId.format(projectionId)}: handler failed at offset ${String(offset)}${aggregateId === undefined ? '' : ` (aggregate ${JSON.stringify(aggregateId)})`} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    )
  }
}

/**
 * A call on a projection control that cannot be carried out now, for example `setOffset` while
 * the control is stopped for good.
 *
 * @category projection
 * @since 0.2.0
 */
export class ProjectionStoppedError extends Error {
  override readonly name = 'ProjectionStoppedError'
  constructor(
    readonly projectionId: ProjectionId,
    call: string,
  ) {
    super(`${call}: projection ${ProjectionId.format(projectionId)} is stopped`)
  }
}
