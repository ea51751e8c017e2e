import { requireCount, requireDuration, requireNonNegativeNumber } from '../../../core/args.js'
import type { RestartSettings } from '../RestartSettings.js'

/** Checked settings in milliseconds. @internal */
export interface Backoff {
  readonly minMs: number
  readonly maxMs: number
  readonly randomFactor: number
  readonly maxRestarts: number
  readonly withinMs: number
}

/** Checks `settings` at build time; messages name the call (`RestartSource.withBackoff(settings.minBackoff): ...`). @internal */
export function backoffOf(op: string, settings: RestartSettings): Backoff {
  if (typeof settings !== 'object' || settings === null) throw new TypeError(`${op}(settings): expected an object, got ${String(settings)}`)
  const minMs = requireDuration(op, 'settings.minBackoff', settings.minBackoff)
  const maxMs = requireDuration(op, 'settings.maxBackoff', settings.maxBackoff)
  if (maxMs < minMs) throw new RangeError(`${op}(settings.maxBackoff): expected at least minBackoff (${minMs} ms), got ${maxMs} ms`)
  const randomFactor = requireNonNegativeNumber(op, 'settings.randomFactor', settings.randomFactor)
  const maxRestarts = requireCount(op, 'settings.maxRestarts', settings.maxRestarts ?? Infinity)
  const withinMs = requireDuration(op, 'settings.maxRestartsWithin', settings.maxRestartsWithin ?? minMs)
  return { minMs, maxMs, randomFactor, maxRestarts, withinMs }
}

/** The wait before restart number `n` (0-based) in a row. @internal */
export function backoffDelay(b: Backoff, n: number, random: number): number {
  return Math.min(b.maxMs, b.minMs * 2 ** n) * (1 + random * b.randomFactor)
}
