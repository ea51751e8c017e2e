/**
 * The Subscriber half of the Reactive Streams TCK, blackbox (only the Subscriber's effects on
 * its Subscription are seen) and whitebox (the Subscriber reports what it received to a probe
 * and can be told to request and cancel).
 *
 * @module
 */
import type { Subscriber } from '../../spec/types.js'
import { show } from '../internal/deepEqual.js'
import { TestkitAssertionError } from '../TestkitAssertionError.js'
import { ManualSubscription } from './internal/ManualSubscription.js'
import { tckEnv, untested, type TckCheck, type TckEnv, type TckOptions } from './TckCheck.js'
import { WhiteboxProbe, type SubscriberPuppet } from './WhiteboxProbe.js'

/**
 * What {@link verifySubscriber} needs.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface SubscriberTckOptions<T> extends TckOptions {
  /** A fresh Subscriber for each check. */
  createSubscriber(): Subscriber<T>
  /** Makes the Subscriber request, for Subscribers that only request when something outside asks them to (default: nothing). */
  triggerRequest?(subscriber: Subscriber<T>): void
  /** The `i`-th element to send (default: `i` itself, for numbers). */
  createElement?(i: number): T
}

/**
 * What {@link verifySubscriberWhitebox} needs.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface WhiteboxTckOptions<T> extends TckOptions {
  /**
   * A fresh Subscriber that reports to `probe`: `registerOnSubscribe(puppet)` once it has its
   * Subscription (the puppet lets the TCK make it request and cancel), then `registerOnNext`,
   * `registerOnComplete` and `registerOnError` as it processes each signal.
   */
  createSubscriber(probe: WhiteboxProbe<T>): Subscriber<T>
  /** The `i`-th element to send (default: `i` itself, for numbers). */
  createElement?(i: number): T
}

const REQUIRED = 'required' as const

/** Checks shared by the blackbox and whitebox variants: they only watch the Subscription. */
function commonChecks<T>(env: TckEnv, create: () => { sub: Subscriber<T>; subscription: ManualSubscription<T>; trigger: () => void; after?: (s: ManualSubscription<T>) => Promise<void> }, element: (i: number) => T): TckCheck[] {
  const checks: TckCheck[] = []
  const add = (rule: string, name: string, run: () => Promise<void>): void => {
    checks.push({ rule, name, kind: REQUIRED, run })
  }

  add('2.1', 'signals demand with request(n) and receives that many elements', async () => {
    const { subscription: s, trigger } = create()
    s.sendSubscribe()
    trigger()
    const n = await s.expectRequest('2.1')
    const count = Math.min(n, 64)
    for (let i = 0; i < count; i++) s.sendNext(element(i))
    await s.settle()
    s.assertNoViolations()
    s.sendComplete() // release the Subscriber; what it does now is other checks' business
  })

  checks.push(untested('2.2', 'dispatches asynchronously when processing could hurt the Publisher', 'no agreed way to tell asynchronous dispatch from a quick answer'))

  add('2.3', 'does not call request or cancel from inside onComplete', async () => {
    const { subscription: s, trigger, after } = create()
    s.sendSubscribe()
    trigger()
    s.sendComplete()
    await s.settle()
    await after?.(s)
    s.assertNoViolations()
  })

  add('2.3', 'does not call request or cancel from inside onError', async () => {
    const { subscription: s, trigger } = create()
    s.sendSubscribe()
    trigger()
    s.sendError(new Error('TCK: test failure'))
    await s.settle()
    s.assertNoViolations()
  })

  checks.push(untested('2.4', 'considers the Subscription cancelled after onComplete or onError', 'what a Subscriber "considers" is not observable (§2.3 forbids it to act)'))

  add('2.5', 'cancels a second Subscription while it has an active one, without requesting from it', async () => {
    const { sub, subscription: first, trigger } = create()
    first.sendSubscribe()
    trigger()
    const second = new ManualSubscription<T>(env, sub, 'second Subscription')
    second.sendSubscribe()
    await second.expectCancel('2.5')
    if (second.requests.length > 0) throw new TestkitAssertionError(`§2.5: the Subscriber requested ${show(second.requests)} from the second Subscription before cancelling it`)
    if (first.cancels > 0) throw new TestkitAssertionError('§2.5: the Subscriber cancelled its first Subscription instead of the second')
    first.assertNoViolations()
    second.assertNoViolations()
    first.sendComplete()
  })

  checks.push(untested('2.6', 'cancels the Subscription when it no longer needs it', 'needs an outside condition that makes the Subscriber stop; see §2.8 in the whitebox checks'))
  checks.push(untested('2.7', 'calls request and cancel serially', 'JavaScript runs them on one thread'))

  add('2.9', 'accepts onComplete after a request, also from inside that request call', async () => {
    const { subscription: s, trigger, after } = create()
    let answered = false
    s.onRequest = () => {
      if (answered) return
      answered = true
      s.sendComplete()
    }
    s.sendSubscribe()
    trigger()
    await s.expectRequest('2.9')
    await s.settle()
    await after?.(s)
    s.assertNoViolations()
  })

  add('2.9', 'accepts onComplete without a preceding request', async () => {
    const { subscription: s, after } = create()
    s.sendSubscribe()
    s.sendComplete()
    await s.settle()
    await after?.(s)
    s.assertNoViolations()
  })

  add('2.10', 'accepts onError after a request', async () => {
    const { subscription: s, trigger } = create()
    s.sendSubscribe()
    trigger()
    await s.expectRequest('2.10')
    s.sendError(new Error('TCK: test failure'))
    await s.settle()
    s.assertNoViolations()
  })

  add('2.10', 'accepts onError without a preceding request', async () => {
    const { subscription: s } = create()
    s.sendSubscribe()
    s.sendError(new Error('TCK: test failure'))
    await s.settle()
    s.assertNoViolations()
  })

  checks.push(untested('2.11', 'its signal methods happen-before it processes them', 'JavaScript runs them on one thread'))
  checks.push(untested('2.12', 'onSubscribe is called at most once per Subscriber', 'a rule for Publishers; §2.5 checks how the Subscriber reacts to a second onSubscribe'))

  const mustThrow = (name: string, call: (sub: Subscriber<T>, s: ManualSubscription<T>) => void, subscribeFirst: boolean): void =>
    add('2.13', name, async () => {
      const { sub, subscription: s } = create()
      if (subscribeFirst) s.sendSubscribe()
      let thrown: unknown = undefined
      try {
        call(sub, s)
      } catch (e) {
        thrown = e
      }
      if (!(thrown instanceof TypeError)) throw new TestkitAssertionError(`§2.13: ${name.replace(/ throws.*/, '')} must throw a TypeError, but it ${thrown === undefined ? 'returned normally' : `threw ${show(thrown)}`}`)
    })
  mustThrow('onSubscribe(null) throws a TypeError', (sub) => sub.onSubscribe(null as never), false)
  mustThrow('onNext(null) throws a TypeError', (sub) => sub.onNext(null as never), true)
  mustThrow('onError(null) throws a TypeError', (sub) => sub.onError(null), true)

  checks.push(untested('3.1', 'request and cancel are only called inside the Subscriber context', 'JavaScript runs them on one thread'))
  return checks
}

/**
 * The checks of the Reactive Streams 1.0.4 Subscriber rules (§2) that can be observed from the
 * Subscription a Subscriber is given (blackbox: the TCK cannot see what the Subscriber does
 * with the elements).
 *
 * @example
 * ```ts
 * const checks = verifySubscriber({ createSubscriber: () => Source.asSubscriber<number>().to(Sink.ignore()).run() })
 * ```
 * @see {@link verifySubscriberWhitebox}, {@link verifyPublisher}, {@link testkit/tck/vitest!registerWithVitest | registerWithVitest}
 * @category testkit
 * @since 0.1.0
 */
export function verifySubscriber<T>(options: SubscriberTckOptions<T>): TckCheck[] {
  const env = tckEnv(options)
  const element = options.createElement?.bind(options) ?? ((i: number) => i as unknown as T)
  return commonChecks<T>(
    env,
    () => {
      const sub = options.createSubscriber()
      return { sub, subscription: new ManualSubscription<T>(env, sub), trigger: () => options.triggerRequest?.(sub) }
    },
    element,
  )
}

/**
 * The Subscriber checks of {@link verifySubscriber} plus those that need to see inside: the
 * Subscriber reports each signal to a {@link WhiteboxProbe} and the TCK drives its demand
 * through the puppet it registers (§2.8, §3.8, and that onNext/onComplete/onError are processed).
 *
 * @example
 * ```ts
 * const checks = verifySubscriberWhitebox({ createSubscriber: whiteboxFromSource(Source.asSubscriber<number>()) })
 * ```
 * @see {@link whiteboxFromSource}
 * @category testkit
 * @since 0.1.0
 */
export function verifySubscriberWhitebox<T>(options: WhiteboxTckOptions<T>): TckCheck[] {
  const env = tckEnv(options)
  const element = options.createElement?.bind(options) ?? ((i: number) => i as unknown as T)
  const setup = (): { sub: Subscriber<T>; subscription: ManualSubscription<T>; probe: WhiteboxProbe<T> } => {
    const probe = new WhiteboxProbe<T>(env)
    const sub = options.createSubscriber(probe)
    return { sub, subscription: new ManualSubscription<T>(env, sub), probe }
  }
  const puppet = async (probe: WhiteboxProbe<T>): Promise<SubscriberPuppet> => probe.expectPuppet()

  const checks = commonChecks<T>(
    env,
    () => {
      const { sub, subscription, probe } = setup()
      return {
        sub,
        subscription,
        trigger: () => {
          void probe.expectPuppet().then((p) => p.triggerRequest(1), () => {})
        },
        after: async () => {
          await probe.expectComplete('2.9')
        },
      }
    },
    element,
  )

  checks.unshift({
    rule: 'tck',
    name: 'whitebox happy path: onSubscribe, request(1), onNext, onComplete are all registered',
    kind: REQUIRED,
    run: async () => {
      const { subscription: s, probe } = setup()
      s.sendSubscribe()
      const p = await puppet(probe)
      p.triggerRequest(1)
      await s.expectRequest('2.1')
      const x = element(0)
      s.sendNext(x)
      await probe.expectNext('tck', x)
      s.sendComplete()
      await probe.expectComplete('tck')
      s.assertNoViolations()
    },
  })

  checks.push({
    rule: '2.8',
    name: 'accepts onNext after it cancelled, while demand was pending',
    kind: REQUIRED,
    run: async () => {
      const { subscription: s, probe } = setup()
      s.sendSubscribe()
      const p = await puppet(probe)
      p.triggerRequest(1)
      await s.expectRequest('2.8')
      p.signalCancel()
      await s.expectCancel('2.8')
      s.sendNext(element(0))
      s.sendNext(element(1))
      await s.settle()
      s.assertNoViolations()
      probe.assertNoViolations()
    },
  })

  checks.push({
    rule: '2.10',
    name: 'registers onError (whitebox)',
    kind: REQUIRED,
    run: async () => {
      const { subscription: s, probe } = setup()
      s.sendSubscribe()
      await puppet(probe)
      const boom = new Error('TCK: test failure')
      s.sendError(boom)
      const got = await probe.expectError('2.10')
      if (got !== boom) throw new TestkitAssertionError(`§2.10: the Subscriber registered onError(${show(got)}), expected the error sent`, boom, got)
      s.assertNoViolations()
    },
  })

  checks.push({
    rule: '3.8',
    name: 'request(n) from the Subscriber lets it receive n elements (triggerRequest(2), send 2)',
    kind: REQUIRED,
    run: async () => {
      const { subscription: s, probe } = setup()
      s.sendSubscribe()
      const p = await puppet(probe)
      p.triggerRequest(2)
      await s.expectTotalRequested('3.8', 2)
      s.sendNext(element(0))
      s.sendNext(element(1))
      await probe.expectNext('3.8', element(0))
      await probe.expectNext('3.8', element(1))
      s.sendComplete()
      s.assertNoViolations()
      probe.assertNoViolations()
    },
  })
  return checks
}
