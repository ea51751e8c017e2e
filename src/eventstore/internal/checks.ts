/**
 * Argument checks of the event store, with messages that start with the call
 * (`allEvents(fromOffset): expected a non-negative integer, got -1`).
 *
 * @module
 * @internal
 */
import { requireNonNegativeInt, requirePositiveInt } from '../../core/args.js'
import type { RetryOptions, SliceRangeOptions, SubscriptionOptions } from '../EventStore.js'
import { SLICE_COUNT } from '../sliceOf.js'

/** @internal */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'an invalid Date'
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}

/** @internal */
export function requireAggregateId(op: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${op}(aggregateId): expected a non-empty string, got ${show(value)}`)
  return value
}

/** @internal */
export function requireOptions<T extends object>(op: string, value: T | undefined): Partial<T> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null) throw new TypeError(`${op}(options): expected an object, got ${show(value)}`)
  return value
}

/** Retry settings with every default filled in. @internal */
export interface RetrySettings {
  readonly minBackoffMs: number
  readonly maxBackoffMs: number
  readonly maxRetries: number
}

/** The checked options of a subscription. @internal */
export interface CheckedSubscription {
  readonly fromOffset: number
  readonly maxPageSize: number | undefined
  readonly retry: RetrySettings | undefined
  readonly readAhead: boolean
}

/** @internal */
export function checkSubscription(op: string, options: SubscriptionOptions | undefined): CheckedSubscription {
  const o = requireOptions(op, options)
  const fromOffset = o.fromOffset === undefined ? 0 : requireNonNegativeInt(op, 'fromOffset', o.fromOffset)
  const maxPageSize = o.maxPageSize === undefined ? undefined : requirePositiveInt(op, 'maxPageSize', o.maxPageSize)
  if (o.readAhead !== undefined && typeof o.readAhead !== 'boolean') throw new TypeError(`${op}(readAhead): expected a boolean, got ${show(o.readAhead)}`)
  return { fromOffset, maxPageSize, retry: o.retry === undefined ? undefined : checkRetry(op, o.retry), readAhead: o.readAhead ?? false }
}

/** @internal */
export function checkSlices(op: string, options: SliceRangeOptions): { readonly minSlice: number; readonly maxSlice: number } {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${op}(options): expected { minSlice, maxSlice }, got ${show(options)}`)
  const minSlice = requireNonNegativeInt(op, 'minSlice', options.minSlice)
  const maxSlice = requireNonNegativeInt(op, 'maxSlice', options.maxSlice)
  if (maxSlice >= SLICE_COUNT) throw new RangeError(`${op}(maxSlice): expected a slice in 0..${SLICE_COUNT - 1}, got ${maxSlice}`)
  if (minSlice > maxSlice) throw new RangeError(`${op}(minSlice): expected minSlice <= maxSlice, got ${minSlice} > ${maxSlice}`)
  return { minSlice, maxSlice }
}

function checkRetry(op: string, retry: RetryOptions): RetrySettings {
  if (typeof retry !== 'object' || retry === null) throw new TypeError(`${op}(retry): expected an object, got ${show(retry)}`)
  const minBackoffMs = retry.minBackoffMs === undefined ? 100 : requireNonNegativeInt(op, 'retry.minBackoffMs', retry.minBackoffMs)
  const maxBackoffMs = retry.maxBackoffMs === undefined ? Math.max(10_000, minBackoffMs) : requireNonNegativeInt(op, 'retry.maxBackoffMs', retry.maxBackoffMs)
  if (maxBackoffMs < minBackoffMs)
    throw new RangeError(`${op}(retry.maxBackoffMs): expected at least retry.minBackoffMs (${minBackoffMs}), got ${maxBackoffMs}`)
  const maxRetries =
    retry.maxRetries === undefined || retry.maxRetries === Infinity ? Infinity : requireNonNegativeInt(op, 'retry.maxRetries', retry.maxRetries)
  return { minBackoffMs, maxBackoffMs, maxRetries }
}
