/**
 * Small Reactive Streams doubles for the spec-rule tests (test/spec): a Subscriber that records
 * every signal and flags rule breaches, and a Publisher the test drives by hand. Local to the
 * tests; the public testkit (src/testkit) has stream probes, not these.
 */
import fc from 'fast-check'
import type { Publisher, Subscriber, Subscription } from '../../src/spec/types.js'
import { macrotask } from './macrotask.js'

/** One signal received by a {@link RecordingSubscriber}. */
export type Signal<T> =
  | { readonly kind: 'onSubscribe' }
  | { readonly kind: 'onNext'; readonly element: T }
  | { readonly kind: 'onError'; readonly error: unknown }
  | { readonly kind: 'onComplete' }

/** Lets queued microtasks and one macrotask run (Promise reactions, setImmediate yields). */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await macrotask()
}

/**
 * A Subscriber that records what it receives and notes breaches of the rules a Publisher must
 * keep: §1.3 (signals serial, never re-entrant), §1.1 (no more onNext than requested), §1.7
 * (nothing after a terminal signal), §1.9 (onSubscribe first, once).
 */
export class RecordingSubscriber<T> implements Subscriber<T> {
  readonly signals: Signal<T>[] = []
  readonly violations: string[] = []
  subscription: Subscription | null = null
  requested = 0
  private inSignal = false
  private terminated = false
  /** Called inside `onSubscribe` (default: nothing; request from here to start the flow). */
  onSubscribeHook: (s: Subscription) => void = () => {}
  /** Called inside each `onNext`. */
  onNextHook: (element: T, s: Subscription) => void = () => {}

  get elements(): T[] {
    const out: T[] = []
    for (const s of this.signals) if (s.kind === 'onNext') out.push(s.element)
    return out
  }
  get error(): unknown {
    for (const s of this.signals) if (s.kind === 'onError') return s.error
    return undefined
  }
  get terminal(): 'onComplete' | 'onError' | undefined {
    for (const s of this.signals) if (s.kind === 'onComplete' || s.kind === 'onError') return s.kind
    return undefined
  }
  get terminalCount(): number {
    return this.signals.filter((s) => s.kind === 'onComplete' || s.kind === 'onError').length
  }

  /** Requests `n` through the subscription, keeping count for the §1.1 check. */
  request(n: number): void {
    if (Number.isInteger(n) && n > 0) this.requested += n
    else if (n === Infinity) this.requested = Infinity
    this.subscription!.request(n)
  }
  cancel(): void {
    this.subscription!.cancel()
  }

  private enter(name: string): void {
    if (this.inSignal) this.violations.push(`§1.3: ${name} while another signal was being processed`)
    if (this.terminated) this.violations.push(`§1.7: ${name} after a terminal signal`)
    this.inSignal = true
  }

  onSubscribe(subscription: Subscription): void {
    if (this.subscription !== null) this.violations.push('§1.9/§2.12: onSubscribe twice')
    if (this.signals.length > 0) this.violations.push('§1.9: onSubscribe not first')
    this.enter('onSubscribe')
    this.subscription = subscription
    this.signals.push({ kind: 'onSubscribe' })
    try {
      this.onSubscribeHook(subscription)
    } finally {
      this.inSignal = false
    }
  }
  onNext(element: T): void {
    if (this.subscription === null) this.violations.push('§1.9: onNext before onSubscribe')
    this.enter('onNext')
    this.signals.push({ kind: 'onNext', element })
    if (this.elements.length > this.requested) this.violations.push(`§1.1: onNext #${this.elements.length} with only ${this.requested} requested`)
    try {
      this.onNextHook(element, this.subscription!)
    } finally {
      this.inSignal = false
    }
  }
  onError(error: unknown): void {
    this.enter('onError')
    this.terminated = true
    this.signals.push({ kind: 'onError', error })
    this.inSignal = false
  }
  onComplete(): void {
    this.enter('onComplete')
    this.terminated = true
    this.signals.push({ kind: 'onComplete' })
    this.inSignal = false
  }
}

/**
 * A Publisher for one Subscriber that the test drives: it records each `request(n)` and
 * `cancel()` and lets the test send signals with `next`/`complete`/`error`.
 */
export class ManualPublisher<T> implements Publisher<T> {
  subscriber: Subscriber<T> | null = null
  readonly requests: number[] = []
  cancels = 0
  /** Outstanding demand as the Publisher sees it. */
  demand = 0
  subscribe(subscriber: Subscriber<T>): void {
    if (this.subscriber !== null) throw new Error('ManualPublisher: one Subscriber only')
    this.subscriber = subscriber
    subscriber.onSubscribe({
      request: (n) => {
        this.requests.push(n)
        this.demand += n
      },
      cancel: () => {
        this.cancels++
      },
    })
  }
  get totalRequested(): number {
    return this.requests.reduce((a, b) => a + b, 0)
  }
  /** Sends elements (ignoring demand: the test decides whether it keeps the rules). */
  next(...elements: T[]): void {
    for (const e of elements) {
      this.demand--
      this.subscriber!.onNext(e)
    }
  }
  complete(): void {
    this.subscriber!.onComplete()
  }
  error(e: unknown): void {
    this.subscriber!.onError(e)
  }
}

/** A step of a Subscriber's script: request n, cancel, or let signals settle. */
export type Step = { request: number } | { cancel: true } | { settle: true }

/** Random Subscriber scripts: small and huge requests (up to `Infinity`), cancels, pauses. */
export const requestScripts: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 6 }).map((n): Step => ({ request: n })), weight: 5 },
    { arbitrary: fc.constantFrom(1, 2 ** 31, Number.MAX_SAFE_INTEGER, Infinity).map((n): Step => ({ request: n })), weight: 1 },
    { arbitrary: fc.constant<Step>({ cancel: true }), weight: 1 },
    { arbitrary: fc.constant<Step>({ settle: true }), weight: 3 },
  ),
  { maxLength: 12 },
)

/** Plays `script` on `sub` (already subscribed); returns whether it cancelled. */
export async function playScript<T>(sub: RecordingSubscriber<T>, script: readonly Step[]): Promise<boolean> {
  await settle(1)
  let cancelled = false
  for (const step of script) {
    if ('request' in step) sub.request(step.request)
    else if ('cancel' in step) {
      sub.cancel()
      cancelled = true
    } else await settle(1)
  }
  await settle()
  return cancelled
}
