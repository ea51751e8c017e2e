/**
 * The TCK's own Subscriber: it records every signal, requests and cancels when told, and notes
 * every rule the Publisher breaks on the way.
 *
 * @internal
 */
import type { Subscriber, Subscription } from '../../../spec/types.js'
import { Waitable } from '../../internal/expect.js'
import { show } from '../../internal/deepEqual.js'
import { TestkitAssertionError } from '../../TestkitAssertionError.js'
import type { TckEnv } from '../TckCheck.js'

/** Elements beyond demand after which the TCK stops a runaway Publisher. */
const RUNAWAY = 1000

export type Received<T> =
  | { readonly kind: 'subscribe' }
  | { readonly kind: 'next'; readonly value: T }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'complete' }

function showReceived(s: Received<unknown> | undefined): string {
  if (s === undefined) return 'nothing'
  return s.kind === 'next' ? `onNext(${show(s.value, 60)})` : s.kind === 'error' ? `onError(${show(s.error, 80)})` : s.kind === 'complete' ? 'onComplete' : 'onSubscribe'
}

/** Hooks a check may set to act from inside a signal. */
export interface ManualHooks<T> {
  onSubscribe?(sub: ManualSubscriber<T>): void
  onNext?(sub: ManualSubscriber<T>, value: T): void
}

export class ManualSubscriber<T> {
  readonly received: Received<T>[] = []
  readonly violations: string[] = []
  subscription: Subscription | null = null
  requested = 0
  nexts = 0
  cancelled = false
  nextsAfterCancel = 0
  terminated = false
  /** Deepest nesting of onNext seen (1: never re-entered). */
  maxOnNextDepth = 0
  private onNextDepth = 0
  private inSignal = 0
  private inRequest = 0
  private cursor = 0
  private readonly waitable = new Waitable()
  readonly subscriber: Subscriber<T>

  constructor(
    private readonly env: TckEnv,
    readonly hooks: ManualHooks<T> = {},
  ) {
    this.waitable.clock = env.scheduler
    this.waitable.timeoutMs = env.timeoutMs
    const self = this
    this.subscriber = {
      onSubscribe(subscription) {
        self.enter('onSubscribe')
        try {
          if (self.subscription !== null) self.violations.push('§1.9: onSubscribe was called a second time')
          else self.subscription = subscription
          self.record({ kind: 'subscribe' })
          self.hooks.onSubscribe?.(self)
        } finally {
          self.leave()
        }
      },
      onNext(value) {
        self.enter('onNext')
        self.onNextDepth++
        self.maxOnNextDepth = Math.max(self.maxOnNextDepth, self.onNextDepth)
        try {
          if (value === null || value === undefined) self.violations.push(`§2.13: onNext was called with ${String(value)}`)
          if (self.subscription === null) self.violations.push('§1.9: onNext before onSubscribe')
          if (self.terminated) self.violations.push(`§1.7: onNext(${show(value, 40)}) after a terminal signal`)
          self.nexts++
          if (self.nexts > self.requested && !self.cancelled)
            self.violations.push(`§1.1: onNext #${self.nexts} (${show(value, 40)}) with only ${self.requested} requested`)
          self.record({ kind: 'next', value })
          // A Publisher that ignores demand or cancel in a synchronous loop would never give the
          // TCK control back: break out of its loop by throwing.
          if (self.cancelled) self.nextsAfterCancel++
          if (self.nexts > self.requested + RUNAWAY || self.nextsAfterCancel > RUNAWAY) throw new Error(`TCK: the Publisher sent ${self.nexts} elements with ${self.requested} requested; stopping it`)
          self.hooks.onNext?.(self, value)
        } finally {
          self.onNextDepth--
          self.leave()
        }
      },
      onError(error) {
        self.enter('onError')
        try {
          if (self.subscription === null) self.violations.push('§1.9: onError before onSubscribe')
          if (self.terminated) self.violations.push(`§1.7: onError(${show(error, 60)}) after a terminal signal`)
          self.terminated = true
          self.record({ kind: 'error', error })
        } finally {
          self.leave()
        }
      },
      onComplete() {
        self.enter('onComplete')
        try {
          if (self.subscription === null) self.violations.push('§1.9: onComplete before onSubscribe')
          if (self.terminated) self.violations.push('§1.7: onComplete after a terminal signal')
          self.terminated = true
          self.record({ kind: 'complete' })
        } finally {
          self.leave()
        }
      },
    }
  }

  private enter(what: string): void {
    // A signal inside another one is fine only when it answers our own request() call (§3.10, bounded by §3.3).
    if (this.inSignal > 0 && this.inRequest === 0) this.violations.push(`§1.3: ${what} was called while another signal was still running`)
    this.inSignal++
  }

  private leave(): void {
    this.inSignal--
  }

  private record(r: Received<T>): void {
    this.received.push(r)
    this.waitable.notify()
  }

  request(n: number): void {
    if (this.subscription === null) throw new Error('TCK: request before onSubscribe')
    if (n > 0 && !this.cancelled) this.requested = Math.min(Number.MAX_SAFE_INTEGER, this.requested + n)
    this.inRequest++
    try {
      this.subscription.request(n)
    } catch (e) {
      this.violations.push(`§3.16: request(${n}) threw ${show(e, 80)}`)
    } finally {
      this.inRequest--
    }
  }

  cancel(): void {
    if (this.subscription === null) throw new Error('TCK: cancel before onSubscribe')
    this.cancelled = true
    try {
      this.subscription.cancel()
    } catch (e) {
      this.violations.push(`§3.15: cancel() threw ${show(e, 80)}`)
    }
  }

  /** Waits for the next signal and returns it (it must come within the timeout). */
  async next(rule: string, what: string): Promise<Received<T>> {
    return this.waitable.until(
      () => (this.cursor < this.received.length ? this.received[this.cursor++] : undefined),
      (elapsed) => new TestkitAssertionError(`§${rule}: expected ${what}, but nothing arrived within ${elapsed}`, what, 'nothing'),
    )
  }

  async expectSubscription(rule = '1.9'): Promise<void> {
    const r = await this.next(rule, 'onSubscribe')
    if (r.kind !== 'subscribe') throw new TestkitAssertionError(`§${rule}: expected onSubscribe first, but got ${showReceived(r)}`, 'onSubscribe', showReceived(r))
  }

  async expectNext(rule: string): Promise<T> {
    const r = await this.next(rule, 'onNext')
    if (r.kind !== 'next') throw new TestkitAssertionError(`§${rule}: expected onNext, but got ${showReceived(r)} (after ${this.nexts} element(s))`, 'onNext', showReceived(r))
    return r.value
  }

  async expectNextN(rule: string, n: number): Promise<T[]> {
    const out: T[] = []
    for (let i = 0; i < n; i++) out.push(await this.expectNext(rule))
    return out
  }

  async expectComplete(rule: string): Promise<void> {
    const r = await this.next(rule, 'onComplete')
    if (r.kind !== 'complete') throw new TestkitAssertionError(`§${rule}: expected onComplete, but got ${showReceived(r)}`, 'onComplete', showReceived(r))
  }

  async expectError(rule: string): Promise<unknown> {
    const r = await this.next(rule, 'onError')
    if (r.kind !== 'error') throw new TestkitAssertionError(`§${rule}: expected onError, but got ${showReceived(r)}`, 'onError', showReceived(r))
    return r.error
  }

  /** Expects no signal for `ms` (default: the env's no-signal time). */
  async expectNone(rule: string, what = 'no further signal', ms = this.env.noSignalMs): Promise<void> {
    await this.waitable.sleep(ms)
    if (this.cursor < this.received.length) {
      const r = this.received[this.cursor]!
      throw new TestkitAssertionError(`§${rule}: expected ${what}, but got ${showReceived(r)}`, what, showReceived(r))
    }
  }

  /** Lets `ms` pass (default: the env's no-signal time). */
  settle(ms = this.env.noSignalMs): Promise<void> {
    return this.waitable.sleep(ms)
  }

  /** Skips whatever arrived so far. */
  drain(): void {
    this.cursor = this.received.length
  }

  /** Waits (up to the timeout) until `cond` holds. */
  async until(rule: string, what: string, cond: () => boolean): Promise<void> {
    await this.waitable.until(
      () => (cond() ? true : undefined),
      (elapsed) => new TestkitAssertionError(`§${rule}: expected ${what} within ${elapsed}`, what, 'nothing'),
    )
  }

  assertNoViolations(): void {
    if (this.violations.length > 0) throw new TestkitAssertionError(`the Publisher broke the specification:\n  - ${this.violations.join('\n  - ')}`)
  }
}
