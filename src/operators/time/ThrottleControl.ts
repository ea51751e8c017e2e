import { requireNonNegativeInt, requirePositiveInt, type Duration } from '../../core/args.js'
import { requirePositiveDuration } from './internal/duration.js'

/** A rate of {@link throttle}, as {@link ThrottleControl} hands it to running stages. @internal */
export interface ThrottleRate {
  readonly elements: number
  readonly perMs: number
  readonly burst: number
}

/**
 * Changes the rate of running {@link operators!time.throttle | throttle} stages: give it to `throttle` as `options.control`,
 * then call `update` at any time; every running stream throttled through it follows at once.
 * After an update the bucket refills from empty at the new rate (a change grants no burst), and
 * an element waiting for tokens is timed again at the new rate.
 *
 * Usage (not a checked example yet: the class is not exported from `sluice` until the index
 * lists it): `const control = new ThrottleControl()`,
 * `source.throttle(1, '1h', { control })`, then `control.update(1000, '1s')`.
 *
 * @category time
 * @since 0.2.0
 */
export class ThrottleControl {
  private readonly listeners = new Set<(rate: ThrottleRate) => void>()

  /** Sets the rate of every running stage throttled through this control to `elements` per `per` (bucket of `maximumBurst`, by default as many as arrive in 100 ms, at least 1). */
  update(elements: number, per: Duration, options: { readonly maximumBurst?: number } = {}): void {
    requirePositiveInt('ThrottleControl.update', 'elements', elements)
    const perMs = requirePositiveDuration('ThrottleControl.update', 'per', per)
    const burst =
      options.maximumBurst === undefined
        ? Math.max(1, Math.floor((100 * elements) / perMs))
        : requireNonNegativeInt('ThrottleControl.update', 'options.maximumBurst', options.maximumBurst)
    const rate: ThrottleRate = { elements, perMs, burst }
    for (const listener of [...this.listeners]) listener(rate)
  }

  /** Registers a running stage; returns the function that unregisters it. @internal */
  register(listener: (rate: ThrottleRate) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** How many running stages follow this control (for tests and diagnostics). */
  get attached(): number {
    return this.listeners.size
  }
}
