/**
 * Checks an append's arguments and builds the rows to store, the same way for every backend.
 *
 * @module
 * @internal
 */
import { isValid } from 'ulid'
import { requireNonNegativeInt } from '../../core/args.js'
import type { AppendOptions } from '../EventStore.js'
import type { NewEvent } from '../EventEnvelope.js'
import { DuplicateEventIdError, SerializationError } from '../errors.js'
import type { Serializer } from '../Serializer.js'
import { sliceOf } from '../sliceOf.js'
import { requireAggregateId, show } from './checks.js'

/** One event ready to be written: the envelope without its offset, plus the serialized payload. @internal */
export interface PreparedEvent<P> {
  readonly id: string
  readonly aggregateId: string
  readonly sequenceNumber: number
  readonly occurredAt: Date
  readonly type: string
  readonly payload: P
  /** The serialized payload. */
  readonly data: string
  readonly tags: readonly string[]
  readonly slice: number
}

/** What a store needs from its configuration to prepare an append. @internal */
export interface AppendContext {
  readonly serializer: Serializer
  readonly newId: () => string
  readonly now: () => number
}

const NO_TAGS: readonly string[] = Object.freeze([])

/**
 * Validates the arguments of `op` and serializes every payload before anything is written, so
 * that a bad event in a batch leaves the store untouched.
 *
 * @internal
 */
export function prepareAppend<P>(
  op: string,
  aggregateId: unknown,
  events: unknown,
  options: unknown,
  ctx: AppendContext,
): { readonly expected: number; readonly events: PreparedEvent<P>[] } {
  const id = requireAggregateId(op, aggregateId)
  if (!Array.isArray(events) || events.length === 0)
    throw new RangeError(`${op}(events): expected a non-empty array of events, got ${Array.isArray(events) ? 'an empty array' : show(events)}`)
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${op}(options): expected { expectedSequenceNumber }, got ${show(options)}`)
  const expected = requireNonNegativeInt(op, 'options.expectedSequenceNumber', (options as AppendOptions).expectedSequenceNumber)
  const slice = sliceOf(id)
  const seen = new Set<string>()
  const prepared: PreparedEvent<P>[] = []
  let now: number | undefined
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as NewEvent<P> | null | undefined
    if (typeof e !== 'object' || e === null) throw new TypeError(`${op}(events[${i}]): expected an event { type, payload }, got ${show(e)}`)
    if (typeof e.type !== 'string' || e.type.length === 0)
      throw new TypeError(`${op}(events[${i}].type): expected a non-empty string, got ${show(e.type)}`)
    let eventId: string
    if (e.id === undefined) eventId = ctx.newId()
    else if (typeof e.id === 'string' && isValid(e.id)) eventId = e.id.toUpperCase()
    else throw new TypeError(`${op}(events[${i}].id): expected a ULID, got ${show(e.id)}`)
    if (seen.has(eventId)) throw new DuplicateEventIdError(eventId)
    seen.add(eventId)
    let occurredAt: Date
    if (e.occurredAt === undefined) occurredAt = new Date((now ??= ctx.now()))
    else if (e.occurredAt instanceof Date && !Number.isNaN(e.occurredAt.getTime())) occurredAt = new Date(e.occurredAt.getTime())
    else throw new TypeError(`${op}(events[${i}].occurredAt): expected a valid Date, got ${show(e.occurredAt)}`)
    let tags = NO_TAGS
    if (e.tags !== undefined) {
      if (!Array.isArray(e.tags) || e.tags.some((t) => typeof t !== 'string' || t.length === 0))
        throw new TypeError(`${op}(events[${i}].tags): expected an array of non-empty strings, got ${show(e.tags)}`)
      if (e.tags.length > 0) tags = Object.freeze([...new Set(e.tags)])
    }
    let data: string
    try {
      data = ctx.serializer.serialize(e.payload, e.type)
    } catch (cause) {
      throw new SerializationError('serialize', e.type, id, cause)
    }
    if (typeof data !== 'string')
      throw new SerializationError('serialize', e.type, id, new TypeError(`the serializer returned ${show(data)}, not a string`))
    prepared.push({
      id: eventId,
      aggregateId: id,
      sequenceNumber: expected + i + 1,
      occurredAt,
      type: e.type,
      payload: e.payload,
      data,
      tags,
      slice,
    })
  }
  if (!Number.isSafeInteger(expected + prepared.length)) throw new RangeError(`${op}(options.expectedSequenceNumber): sequence numbers would pass Number.MAX_SAFE_INTEGER`)
  return { expected, events: prepared }
}

/** Serializes a snapshot state, wrapping a failure. @internal */
export function serializeSnapshot(serializer: Serializer, aggregateId: string, state: unknown): string {
  let data: string
  try {
    data = serializer.serialize(state, 'snapshot')
  } catch (cause) {
    throw new SerializationError('serialize', 'snapshot', aggregateId, cause)
  }
  if (typeof data !== 'string')
    throw new SerializationError('serialize', 'snapshot', aggregateId, new TypeError(`the serializer returned ${show(data)}, not a string`))
  return data
}
