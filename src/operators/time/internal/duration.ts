/**
 * Duration arguments of the time operators.
 *
 * @module
 */
import { requireDuration } from '../../../core/args.js'

/** A duration in ms that must be greater than zero (an interval, a period). @internal */
export function requirePositiveDuration(op: string, arg: string, value: unknown): number {
  const ms = requireDuration(op, arg, value)
  if (ms <= 0) throw new RangeError(`${op}(${arg}): expected a duration greater than 0, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
  return ms
}
