/**
 * Build-time argument checks. Each throws a `RangeError` or `TypeError` whose message starts
 * with the call, for example `take(count): expected a non-negative integer, got -1`.
 *
 * @module
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object'
  return String(value)
}

/** @internal */
export function requireNonNegativeInt(op: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${op}(${arg}): expected a non-negative integer, got ${show(value)}`)
  return value
}

/** @internal */
export function requirePositiveInt(op: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${op}(${arg}): expected a positive integer, got ${show(value)}`)
  return value
}

/** A count that may also be `Infinity` (unbounded). @internal */
export function requireCount(op: string, arg: string, value: unknown): number {
  if (value === Infinity) return value
  return requireNonNegativeInt(op, arg, value)
}

/** @internal */
export function requireNonNegativeNumber(op: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity)
    throw new RangeError(`${op}(${arg}): expected a finite non-negative number, got ${show(value)}`)
  return value
}

/** @internal */
export function requireInteger(op: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new RangeError(`${op}(${arg}): expected an integer, got ${show(value)}`)
  return value
}

/** @internal */
export function requireFunction<F>(op: string, arg: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`${op}(${arg}): expected a function, got ${show(value)}`)
  return value
}

/** @internal */
export function requireDefined<T>(op: string, arg: string, value: T): NonNullable<T> {
  if (value === null || value === undefined) throw new TypeError(`${op}(${arg}): expected a value, got ${String(value)}`)
  return value as NonNullable<T>
}

/**
 * A duration in milliseconds. Accepts a finite non-negative number of milliseconds, or a string
 * with a unit: `'250ms'`, `'2s'`, `'1.5m'`, `'1h'`.
 *
 * @internal
 */
export function requireDuration(op: string, arg: string, value: unknown): number {
  if (typeof value === 'number') return requireNonNegativeNumber(op, arg, value)
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(value)
    if (m !== null) {
      const n = Number(m[1])
      const unit = m[2]
      return unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000
    }
  }
  throw new RangeError(`${op}(${arg}): expected a duration (milliseconds, or a string such as '250ms', '2s', '1m'), got ${show(value)}`)
}

/** A duration as the public API accepts it: milliseconds, or a string with a unit (`'2s'`). */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h'}`
