/**
 * The typed failures of the event store. Each has a stable `name`.
 *
 * @module
 */

/**
 * An append expected the aggregate to be at one sequence number and found it at another: another
 * writer got there first. Nothing was written. Reload the aggregate and decide again.
 *
 * @example
 * ```ts
 * try {
 *   await store.append('room-1', events, { expectedSequenceNumber: 3 })
 * } catch (e) {
 *   if (e instanceof OptimisticLockError) console.log(e.aggregateId, e.expectedSequenceNumber, e.actualSequenceNumber)
 * }
 * ```
 * @category eventstore
 * @since 0.1.0
 */
export class OptimisticLockError extends Error {
  override readonly name = 'OptimisticLockError'
  constructor(
    readonly aggregateId: string,
    readonly expectedSequenceNumber: number,
    readonly actualSequenceNumber: number,
  ) {
    super(
      `append(${JSON.stringify(aggregateId)}): expected sequence number ${expectedSequenceNumber}, but the aggregate is at ${actualSequenceNumber}`,
    )
  }
}

/**
 * The serializer could not encode a payload or snapshot (nothing was written), or could not
 * decode stored data (the read fails). The serializer's own error is `cause`.
 *
 * @category eventstore
 * @since 0.1.0
 */
export class SerializationError extends Error {
  override readonly name = 'SerializationError'
  constructor(
    /** `'serialize'` when writing, `'deserialize'` when reading. */
    readonly direction: 'serialize' | 'deserialize',
    /** The event type (or `'snapshot'`). */
    readonly eventType: string,
    readonly aggregateId: string,
    cause: unknown,
  ) {
    super(
      `${direction === 'serialize' ? 'cannot serialize' : 'cannot deserialize'} ${eventType === 'snapshot' ? 'the snapshot' : `an event of type ${JSON.stringify(eventType)}`} of aggregate ${JSON.stringify(aggregateId)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    )
  }
}

/**
 * An appended event carried an `id` that is already in the store. Nothing was written. This is how
 * a retried append (after a lost connection) is told apart from a new one.
 *
 * @category eventstore
 * @since 0.1.0
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError'
  constructor(readonly eventId: string) {
    super(`append: an event with id ${eventId} is already stored`)
  }
}

/**
 * The database could not be reached, or the connection broke during an operation. For an append
 * the outcome is unknown: it may have committed. Retrying with the same event ids is safe (a
 * committed first attempt makes the retry fail with `DuplicateEventIdError` or
 * `OptimisticLockError`, never store the events twice). Subscriptions fail with it, or retry with
 * backoff when given `retry` options.
 *
 * @category eventstore
 * @since 0.1.0
 */
export class EventStoreUnavailableError extends Error {
  override readonly name: string = 'EventStoreUnavailableError'
  constructor(message: string, cause?: unknown) {
    super(cause === undefined ? message : `${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

/**
 * The store was closed: its operations fail with this, and so do its running subscriptions.
 *
 * @category eventstore
 * @since 0.1.0
 */
export class EventStoreClosedError extends Error {
  override readonly name = 'EventStoreClosedError'
  constructor(operation: string) {
    super(`${operation}: the event store is closed`)
  }
}
