/**
 * The TCK's own Subscription, handed to a Subscriber under test: it records requests and
 * cancels and notes the rules the Subscriber breaks.
 *
 * @internal
 */
import type { Subscriber, Subscription } from '../../../spec/types.js'
import { show } from '../../internal/deepEqual.js'
import { Waitable } from '../../internal/expect.js'
import { TestkitAssertionError } from '../../TestkitAssertionError.js'
import type { TckEnv } from '../TckCheck.js'

export class ManualSubscription<T> {
  readonly requests: number[] = []
  cancels = 0
  readonly violations: string[] = []
  /** Set while the TCK is inside the Subscriber's onComplete / onError (§2.3). */
  private inTerminal: string | null = null
  private consumedRequests = 0
  private readonly waitable = new Waitable()
  /** Called inside request(n) (to answer synchronously, §3.10/§3.11). */
  onRequest: ((n: number) => void) | null = null
  readonly subscription: Subscription

  constructor(
    private readonly env: TckEnv,
    readonly subscriber: Subscriber<T>,
    readonly label = 'Subscription',
  ) {
    this.waitable.clock = env.scheduler
    this.waitable.timeoutMs = env.timeoutMs
    this.subscription = {
      request: (n: number) => {
        if (this.inTerminal !== null) this.violations.push(`§2.3: request(${n}) was called from inside ${this.inTerminal}`)
        if (!(typeof n === 'number' && n > 0)) this.violations.push(`§3.9: the Subscriber requested ${String(n)}`)
        this.requests.push(n)
        this.waitable.notify()
        this.onRequest?.(n)
      },
      cancel: () => {
        if (this.inTerminal !== null) this.violations.push(`§2.3: cancel() was called from inside ${this.inTerminal}`)
        this.cancels++
        this.waitable.notify()
      },
    }
  }

  get totalRequested(): number {
    return this.requests.reduce((a, b) => Math.min(Number.MAX_SAFE_INTEGER, a + (b > 0 ? b : 0)), 0)
  }

  /** Calls a signal method of the Subscriber; a throw is a §2.13 violation. */
  signal(what: string, call: () => void): void {
    try {
      call()
    } catch (e) {
      this.violations.push(`§2.13: ${what} threw ${show(e, 80)}; it must return normally`)
    }
  }

  sendSubscribe(): void {
    this.signal('onSubscribe', () => this.subscriber.onSubscribe(this.subscription))
  }
  sendNext(value: T): void {
    this.signal('onNext', () => this.subscriber.onNext(value))
  }
  sendComplete(): void {
    this.inTerminal = 'onComplete'
    try {
      this.signal('onComplete', () => this.subscriber.onComplete())
    } finally {
      this.inTerminal = null
    }
  }
  sendError(error: unknown): void {
    this.inTerminal = 'onError'
    try {
      this.signal('onError', () => this.subscriber.onError(error))
    } finally {
      this.inTerminal = null
    }
  }

  /** Waits for a request not yet expected and resolves with its n. */
  expectRequest(rule: string): Promise<number> {
    return this.waitable.until(
      () => (this.consumedRequests < this.requests.length ? this.requests[this.consumedRequests++] : undefined),
      (elapsed) => new TestkitAssertionError(`§${rule}: expected the Subscriber to call request(n) on its ${this.label} within ${elapsed}`, 'request', 'nothing'),
    )
  }

  /** Waits until the total requested reaches `n`. */
  async expectTotalRequested(rule: string, n: number): Promise<void> {
    await this.waitable.until(
      () => (this.totalRequested >= n ? true : undefined),
      (elapsed) => new TestkitAssertionError(`§${rule}: expected requests for ${n} element(s) within ${elapsed}, got ${this.totalRequested}`, n, this.totalRequested),
    )
  }

  expectCancel(rule: string): Promise<void> {
    return this.waitable
      .until(
        () => (this.cancels > 0 ? true : undefined),
        (elapsed) => new TestkitAssertionError(`§${rule}: expected the Subscriber to cancel its ${this.label} within ${elapsed}`, 'cancel', 'nothing'),
      )
      .then(() => undefined)
  }

  /** Lets the no-signal time pass. */
  settle(ms = this.env.noSignalMs): Promise<void> {
    return this.waitable.sleep(ms)
  }

  assertNoViolations(): void {
    if (this.violations.length > 0) throw new TestkitAssertionError(`the Subscriber broke the specification:\n  - ${this.violations.join('\n  - ')}`)
  }
}
