/**
 * What a whitebox Subscriber reports to, and the puppet through which the TCK drives it.
 *
 * @module
 */
import { deepEqual, show } from '../internal/deepEqual.js'
import { Waitable } from '../internal/expect.js'
import { TestkitAssertionError } from '../TestkitAssertionError.js'
import type { TckEnv } from './TckCheck.js'

/**
 * Lets the TCK make a whitebox Subscriber request and cancel, as if its own logic decided to.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface SubscriberPuppet {
  triggerRequest(n: number): void
  signalCancel(): void
}

type Registered<T> = { readonly kind: 'next'; readonly value: T } | { readonly kind: 'complete' } | { readonly kind: 'error'; readonly error: unknown }

/**
 * The probe a whitebox Subscriber reports to (see {@link verifySubscriberWhitebox}).
 *
 * @category testkit
 * @since 0.1.0
 */
export class WhiteboxProbe<T> {
  private puppet: SubscriberPuppet | null = null
  private readonly registered: Registered<T>[] = []
  private cursor = 0
  private readonly violations: string[] = []
  private readonly waitable = new Waitable()

  /** @internal */
  constructor(env: TckEnv) {
    this.waitable.clock = env.scheduler
    this.waitable.timeoutMs = env.timeoutMs
  }

  /** The Subscriber got its Subscription; `puppet` drives its demand from now on. */
  registerOnSubscribe(puppet: SubscriberPuppet): void {
    if (this.puppet !== null) this.violations.push('registerOnSubscribe was called twice')
    this.puppet = puppet
    this.waitable.notify()
  }
  /** The Subscriber processed an element. */
  registerOnNext(value: T): void {
    this.registered.push({ kind: 'next', value })
    this.waitable.notify()
  }
  /** The Subscriber processed completion. */
  registerOnComplete(): void {
    this.registered.push({ kind: 'complete' })
    this.waitable.notify()
  }
  /** The Subscriber processed a failure. */
  registerOnError(error: unknown): void {
    this.registered.push({ kind: 'error', error })
    this.waitable.notify()
  }

  /** @internal */
  expectPuppet(): Promise<SubscriberPuppet> {
    return this.waitable.until(
      () => this.puppet ?? undefined,
      (elapsed) => new TestkitAssertionError(`expected the Subscriber to call probe.registerOnSubscribe(puppet) within ${elapsed}`),
    )
  }

  private next(rule: string, what: string): Promise<Registered<T>> {
    return this.waitable.until(
      () => (this.cursor < this.registered.length ? this.registered[this.cursor++] : undefined),
      (elapsed) => new TestkitAssertionError(`§${rule}: expected the Subscriber to register ${what} within ${elapsed}`, what, 'nothing'),
    )
  }

  /** @internal */
  async expectNext(rule: string, value: T): Promise<void> {
    const r = await this.next(rule, `onNext(${show(value)})`)
    if (r.kind !== 'next' || !deepEqual(r.value, value))
      throw new TestkitAssertionError(`§${rule}: expected the Subscriber to register onNext(${show(value)}), got ${r.kind === 'next' ? `onNext(${show(r.value)})` : r.kind}`, value, r)
  }

  /** @internal */
  async expectComplete(rule: string): Promise<void> {
    const r = await this.next(rule, 'onComplete')
    if (r.kind !== 'complete') throw new TestkitAssertionError(`§${rule}: expected the Subscriber to register onComplete, got ${r.kind}`, 'complete', r.kind)
  }

  /** @internal */
  async expectError(rule: string): Promise<unknown> {
    const r = await this.next(rule, 'onError')
    if (r.kind !== 'error') throw new TestkitAssertionError(`§${rule}: expected the Subscriber to register onError, got ${r.kind}`, 'error', r.kind)
    return r.error
  }

  /** @internal */
  assertNoViolations(): void {
    if (this.violations.length > 0) throw new TestkitAssertionError(`the whitebox Subscriber misreported:\n  - ${this.violations.join('\n  - ')}`)
  }
}
