/**
 * `throttle` in `'enforcing'` mode saw elements arrive faster than its rate allows.
 *
 * @example
 * ```ts
 * const err = await Source.range(1, 10).throttle(1, '1s', { maximumBurst: 1, mode: 'enforcing' }).runCollect().catch((e) => e)
 * err instanceof RateExceededError // true
 * ```
 * @category time
 * @since 0.1.0
 */
export class RateExceededError extends Error {
  override readonly name = 'RateExceededError'
  constructor(
    readonly operator: string,
    readonly elements: number,
    readonly perMs: number,
  ) {
    super(`${operator}: elements arrived faster than ${elements} per ${perMs} ms (enforcing mode)`)
  }
}
