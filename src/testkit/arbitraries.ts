/**
 * fast-check arbitraries for stream tests: demand scripts and element lists.
 *
 * @module
 */
import fc from 'fast-check'
import type { DemandStep } from './runScheduled.js'

/**
 * Options of {@link demandSchedule}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface DemandScheduleOptions {
  /** Most steps before the optional cancel (default 12). */
  readonly maxSteps?: number
  /** Longest pause in virtual ms (default 100; 0 leaves pauses out). */
  readonly maxPause?: number
  /** Whether a script may end with `{ cancel: true }`: `'sometimes'` (default), `'always'` or `'never'`. */
  readonly cancel?: 'sometimes' | 'always' | 'never'
  /** Largest "small" request (default 16). Requests are also 1, and huge (2^31, 2^40, 2^53-1). */
  readonly maxSmallRequest?: number
}

/**
 * Demand scripts for {@link runScheduled}: requests of 1, of a few, and huge ones (2^31, 2^40,
 * `Number.MAX_SAFE_INTEGER`, which is unbounded demand), pauses of virtual time, and sometimes a
 * cancel as the last step. Shrinks towards fewer steps, smaller requests and no cancel.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(demandSchedule(), async (schedule) => {
 *   const run = await runScheduled(Source.range(1, 10), schedule)
 *   expect(run.violations).toEqual([])
 * }), { numRuns: 50 })
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function demandSchedule(options: DemandScheduleOptions = {}): fc.Arbitrary<DemandStep[]> {
  const maxSteps = options.maxSteps ?? 12
  const maxPause = options.maxPause ?? 100
  const maxSmall = options.maxSmallRequest ?? 16
  const request = fc.oneof(
    { arbitrary: fc.constant(1), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: Math.max(1, maxSmall) }), weight: 4 },
    { arbitrary: fc.constantFrom(2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER), weight: 1 },
  ).map((n): DemandStep => ({ request: n }))
  const pause = fc.integer({ min: 0, max: maxPause }).map((ms): DemandStep => ({ pause: ms }))
  const step = maxPause > 0 ? fc.oneof({ arbitrary: request, weight: 3 }, { arbitrary: pause, weight: 1 }) : request
  const steps = fc.array(step, { maxLength: maxSteps })
  const cancel: DemandStep = { cancel: true }
  switch (options.cancel ?? 'sometimes') {
    case 'never':
      return steps
    case 'always':
      return steps.map((s) => [...s, cancel])
    case 'sometimes':
      return fc.tuple(steps, fc.boolean()).map(([s, c]) => (c ? [...s, cancel] : s))
  }
}

/**
 * Options of {@link elements}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface ElementsOptions {
  /** Longest list (default 20). */
  readonly maxLength?: number
  /** Shortest list (default 0). */
  readonly minLength?: number
}

/**
 * Lists of stream elements drawn from `arb`, with `null` and `undefined` left out (a stream never
 * carries them).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(elements(fc.integer(), { maxLength: 5 }), (xs) => xs.length <= 5))
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function elements<T>(arb: fc.Arbitrary<T>, options: ElementsOptions = {}): fc.Arbitrary<NonNullable<T>[]> {
  const item = arb.filter((x): x is NonNullable<T> => x !== null && x !== undefined)
  return fc.array(item, { maxLength: options.maxLength ?? 20, minLength: options.minLength ?? 0 })
}
