/**
 * Every Reactive Streams rule message sluice raises, in one place, so that tests can assert
 * them by reference and users can match on the rule number.
 *
 * @module
 */

/** Unbounded demand: `Number.MAX_SAFE_INTEGER` or more (and `Infinity`) means "no limit" (§3.17). */
export const UNBOUNDED = Number.MAX_SAFE_INTEGER

/**
 * Thrown or signalled when a party breaks a rule of the Reactive Streams specification.
 * `rule` is the rule number as the specification writes it (for example `'3.9'`).
 *
 * @category spec
 * @since 0.1.0
 */
export class SpecViolationError extends RangeError {
  override readonly name = 'SpecViolationError'
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message)
  }
}

/** The messages, keyed by what went wrong. Each starts with the call and cites the rule. */
export const rules = {
  /** §3.9: a request for zero, a negative, a fractional or a NaN number of elements. */
  nonPositiveRequest: (n: unknown): SpecViolationError =>
    new SpecViolationError('3.9', `request(n): n must be a positive integer (Reactive Streams §3.9), got ${String(n)}`),
  /** §2.13: `onNext(null)` or `onNext(undefined)`. */
  nullElement: (where: string): TypeError =>
    new TypeError(`${where}: onNext(element): element must not be null or undefined (Reactive Streams §2.13)`),
  /** §2.13: `subscribe(null)`. */
  nullSubscriber: (where: string): TypeError =>
    new TypeError(`${where}: subscribe(subscriber): subscriber must not be null or undefined (Reactive Streams §1.9)`),
  /** §2.13: `onSubscribe(null)`. */
  nullSubscription: (where: string): TypeError =>
    new TypeError(`${where}: onSubscribe(subscription): subscription must not be null or undefined (Reactive Streams §2.13)`),
  /** §2.13: `onError(null)`. */
  nullError: (where: string): TypeError =>
    new TypeError(`${where}: onError(error): error must not be null or undefined (Reactive Streams §2.13)`),
  /** §2.5: a second `onSubscribe` while a subscription is active. */
  duplicateOnSubscribe: (where: string): SpecViolationError =>
    new SpecViolationError('2.5', `${where}: onSubscribe called twice (Reactive Streams §2.5); the second subscription was cancelled`),
  /** §1.1: more `onNext` signals than requested. */
  demandExceeded: (where: string): SpecViolationError =>
    new SpecViolationError('1.1', `${where}: onNext received more elements than requested (Reactive Streams §1.1)`),
  /** §1.10 / §2.12: the same Subscriber subscribed twice, or a single-subscriber Publisher subscribed again. */
  singleSubscriber: (where: string): SpecViolationError =>
    new SpecViolationError('1.10', `${where}: this Publisher allows one Subscriber only (Reactive Streams §1.10)`),
} as const

/**
 * Adds `n` to `demand`, saturating at {@link UNBOUNDED} (§3.17: a demand at or over
 * 2^53-1 is treated as unbounded).
 *
 * @category spec
 * @since 0.1.0
 */
export function addDemand(demand: number, n: number): number {
  const sum = demand + n
  return sum >= UNBOUNDED ? UNBOUNDED : sum
}

/**
 * True when `n` is a valid argument to `request(n)` (§3.9): a positive integer or `Infinity`.
 *
 * @category spec
 * @since 0.1.0
 */
export function isValidRequest(n: unknown): n is number {
  return typeof n === 'number' && n > 0 && (Number.isInteger(n) || n === Infinity)
}
