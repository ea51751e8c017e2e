/**
 * The Publisher half of the Reactive Streams TCK.
 *
 * @module
 */
import type { Publisher } from '../../spec/types.js'
import { show } from '../internal/deepEqual.js'
import { turn } from '../internal/expect.js'
import { TestkitAssertionError } from '../TestkitAssertionError.js'
import { ManualSubscriber, type ManualHooks } from './internal/ManualSubscriber.js'
import { TckSkip, tckEnv, untested, type TckCheck, type TckOptions } from './TckCheck.js'

/**
 * What {@link verifyPublisher} needs.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface PublisherTckOptions<T> extends TckOptions {
  /**
   * A fresh Publisher of exactly `n` elements, then `onComplete` (an endless one when `n` is
   * `Number.MAX_SAFE_INTEGER`). Called once per check, or more for multi-subscriber checks.
   */
  createPublisher(n: number): Publisher<T>
  /** A Publisher that signals `onError` right after `onSubscribe`, without any request; leave out to skip those checks. */
  createFailedPublisher?(): Publisher<T>
  /** The most elements `createPublisher` can make (default `Number.MAX_SAFE_INTEGER - 1`); checks that need more are left out. */
  readonly maxElementsFromPublisher?: number
  /** How deep `onNext` → `request` → `onNext` may nest (§3.3; default 1: never re-entered). */
  readonly boundedRecursionDepth?: number
  /** How many Subscribers at once one Publisher serves (default 1); the multicast checks need 3. */
  readonly maxSupportedSubscribers?: number
}

const REQUIRED = 'required' as const
const OPTIONAL = 'optional' as const

function isRuleError(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof Error && /3\.9/.test(error.message))
}

/**
 * The checks of the Reactive Streams 1.0.4 Publisher and Subscription rules (§1, §3) that can be
 * observed from outside, run with the TCK's own Subscriber against Publishers from
 * `createPublisher`. Rules that cannot be checked from outside are listed as `untested`.
 *
 * @example
 * ```ts
 * const checks = verifyPublisher({ createPublisher: (n) => Source.range(0, n).runWith(Sink.asPublisher()) })
 * for (const check of checks) await check.run()
 * ```
 * @see {@link verifySubscriber}, {@link verifyProcessor}, {@link testkit/tck/vitest!registerWithVitest | registerWithVitest}
 * @category testkit
 * @since 0.1.0
 */
export function verifyPublisher<T>(options: PublisherTckOptions<T>): TckCheck[] {
  const env = tckEnv(options)
  const max = options.maxElementsFromPublisher ?? Number.MAX_SAFE_INTEGER - 1
  const depth = options.boundedRecursionDepth ?? 1
  const maxSubscribers = options.maxSupportedSubscribers ?? 1
  const checks: TckCheck[] = []

  /** Subscribes a fresh TCK Subscriber to a fresh Publisher of `n` elements and waits for onSubscribe. */
  const subscribe = async (n: number, hooks?: ManualHooks<T>, publisher = options.createPublisher(n)): Promise<ManualSubscriber<T>> => {
    const sub = new ManualSubscriber<T>(env, hooks)
    publisher.subscribe(sub.subscriber)
    await sub.expectSubscription()
    return sub
  }
  const add = (rule: string, name: string, needs: number, kind: 'required' | 'optional', run: () => Promise<void>): void => {
    if (max >= needs) checks.push({ rule, name, kind, run })
    else checks.push({ rule, name, kind, reason: `needs a Publisher of ${needs} elements (maxElementsFromPublisher is ${max})`, run: () => Promise.reject(new TckSkip(`needs ${needs} elements`)) })
  }
  const failed = options.createFailedPublisher
  const addFailed = (rule: string, name: string, kind: 'required' | 'optional', run: (create: () => Publisher<T>) => Promise<void>): void => {
    if (failed !== undefined) checks.push({ rule, name, kind, run: () => run(() => failed.call(options)) })
    else checks.push({ rule, name, kind, reason: 'needs createFailedPublisher', run: () => Promise.reject(new TckSkip('no createFailedPublisher')) })
  }

  checks.push({
    rule: 'tck',
    name: 'maxElementsFromPublisher and boundedRecursionDepth are valid',
    kind: REQUIRED,
    run: async () => {
      if (!(Number.isSafeInteger(max) && max >= 0)) throw new TestkitAssertionError(`maxElementsFromPublisher must be a non-negative integer, got ${max}`)
      if (!(Number.isSafeInteger(depth) && depth >= 1)) throw new TestkitAssertionError(`boundedRecursionDepth must be a positive integer, got ${depth}`)
    },
  })

  add('tck', 'createPublisher(1) emits exactly 1 element, then completes', 1, REQUIRED, async () => {
    const sub = await subscribe(1)
    sub.request(1)
    await sub.expectNext('1.1')
    sub.request(1) // a Publisher may need demand to find out that it is done
    await sub.expectComplete('1.5')
    await sub.expectNone('1.7')
    sub.assertNoViolations()
  })

  add('tck', 'createPublisher(3) emits exactly 3 elements one request at a time, then completes', 3, REQUIRED, async () => {
    const sub = await subscribe(3)
    for (let i = 0; i < 3; i++) {
      sub.request(1)
      await sub.expectNext('1.1')
    }
    sub.request(1)
    await sub.expectComplete('1.5')
    sub.assertNoViolations()
  })

  add('1.1', 'signals no more onNext than requested (requests of 0, 1, 1, 2)', 5, REQUIRED, async () => {
    const sub = await subscribe(5)
    await sub.expectNone('1.1', 'no onNext before any request')
    sub.request(1)
    await sub.expectNext('1.1')
    sub.request(1)
    await sub.expectNext('1.1')
    sub.request(2)
    await sub.expectNextN('1.1', 2)
    await sub.expectNone('1.1', 'no 5th element and no completion with 4 requested')
    sub.cancel()
    sub.assertNoViolations()
  })

  add('1.2', 'may signal fewer elements than requested, then completes (3 elements, request(10))', 3, REQUIRED, async () => {
    const sub = await subscribe(3)
    sub.request(10)
    await sub.expectNextN('1.2', 3)
    await sub.expectComplete('1.2')
    sub.assertNoViolations()
  })

  add('1.3', 'signals onSubscribe, onNext, onError and onComplete serially (10 elements, requests from inside onNext)', 10, REQUIRED, async () => {
    for (let round = 0; round < 3; round++) {
      const sub = await subscribe(10, { onNext: (s) => s.request(1) })
      sub.request(1)
      await sub.expectNextN('1.3', 10)
      await sub.expectComplete('1.3')
      sub.assertNoViolations()
    }
  })

  addFailed('1.4', 'a failed Publisher signals onError after onSubscribe, without any request', REQUIRED, async (create) => {
    const sub = new ManualSubscriber<T>(env)
    try {
      create().subscribe(sub.subscriber)
    } catch (e) {
      throw new TestkitAssertionError(`§1.9: subscribe() threw ${show(e)} instead of signalling onError`)
    }
    await sub.expectSubscription('1.9')
    await sub.expectError('1.4')
    await sub.expectNone('1.7')
    sub.assertNoViolations()
  })

  add('1.5', 'signals onComplete when a finite stream ends (3 elements, one request at a time, then one more)', 3, REQUIRED, async () => {
    const sub = await subscribe(3)
    for (let i = 0; i < 3; i++) {
      sub.request(1)
      await sub.expectNext('1.5')
    }
    sub.request(1)
    await sub.expectComplete('1.5')
    await sub.expectNone('1.7')
    sub.assertNoViolations()
  })

  add('1.5', 'an empty Publisher signals onComplete', 0, OPTIONAL, async () => {
    const sub = await subscribe(0)
    sub.request(1)
    await sub.expectComplete('1.5')
    sub.assertNoViolations()
  })

  checks.push(untested('1.6', 'considers the Subscription cancelled after onError or onComplete', 'what a Publisher "considers" is not observable; §1.7 checks its effect'))

  add('1.7', 'signals nothing after onComplete, even when more is requested', 1, REQUIRED, async () => {
    const sub = await subscribe(1)
    sub.request(10)
    await sub.expectNext('1.7')
    await sub.expectComplete('1.7')
    sub.request(10)
    sub.request(1)
    await sub.expectNone('1.7', 'no signal after onComplete')
    sub.assertNoViolations()
  })

  addFailed('1.7', 'signals nothing after onError, even when more is requested', REQUIRED, async (create) => {
    const sub = new ManualSubscriber<T>(env)
    create().subscribe(sub.subscriber)
    await sub.expectSubscription('1.9')
    await sub.expectError('1.4')
    sub.request(10)
    sub.cancel()
    await sub.expectNone('1.7', 'no signal after onError')
    sub.assertNoViolations()
  })

  add('1.8', 'stops signalling onComplete or onError once the Subscription is cancelled', 3, OPTIONAL, async () => {
    const sub = await subscribe(3)
    sub.request(1)
    await sub.expectNext('1.8')
    sub.cancel()
    // Elements already requested may still arrive (§2.8); then the Publisher must go quiet.
    await sub.settle()
    sub.drain()
    await sub.expectNone('1.8', 'no signal after cancel')
    sub.assertNoViolations()
  })

  add('1.9', 'calls onSubscribe before any other signal, also without a request', 0, REQUIRED, async () => {
    const sub = new ManualSubscriber<T>(env)
    try {
      options.createPublisher(0).subscribe(sub.subscriber)
    } catch (e) {
      throw new TestkitAssertionError(`§1.9: subscribe() threw ${show(e)}; it must return normally`)
    }
    await sub.expectSubscription('1.9')
    sub.assertNoViolations()
  })

  add('1.9', 'subscribe(null) throws a TypeError at once', 0, REQUIRED, async () => {
    const publisher = options.createPublisher(0)
    for (const bad of [null, undefined]) {
      let thrown: unknown = undefined
      try {
        publisher.subscribe(bad as never)
      } catch (e) {
        thrown = e
      }
      if (!(thrown instanceof TypeError)) throw new TestkitAssertionError(`§1.9: subscribe(${String(bad)}) must throw a TypeError, but ${thrown === undefined ? 'returned normally' : `threw ${show(thrown)}`}`)
    }
  })

  addFailed('1.9', 'may refuse a Subscriber, with onError after onSubscribe', REQUIRED, async (create) => {
    const sub = new ManualSubscriber<T>(env)
    create().subscribe(sub.subscriber)
    await sub.expectSubscription('1.9')
    await sub.expectError('1.9')
    sub.assertNoViolations()
  })

  checks.push(untested('1.10', 'rejects the same Subscriber subscribing twice', 'would need the Publisher to remember every Subscriber; §2.12 covers it on the Subscriber side'))

  add('1.11', 'may support several Subscribers: each gets onSubscribe, then elements or a refusal (onError)', 1, OPTIONAL, async () => {
    const publisher = options.createPublisher(1)
    const a = new ManualSubscriber<T>(env)
    const b = new ManualSubscriber<T>(env)
    publisher.subscribe(a.subscriber)
    publisher.subscribe(b.subscriber)
    await a.expectSubscription('1.9')
    await b.expectSubscription('1.9')
    for (const s of [a, b]) {
      s.request(1)
      await s.until('1.11', 'onNext, onComplete or onError', () => s.received.length > 1)
    }
    a.assertNoViolations()
    b.assertNoViolations()
  })

  const multicast = (name: string, needs: number, patterns: number[][], expectComplete: boolean): void =>
    add('1.11', name, needs, OPTIONAL, async () => {
      if (maxSupportedSubscribers() < patterns.length) throw new TckSkip(`needs ${patterns.length} Subscribers at once (maxSupportedSubscribers is ${maxSubscribers})`)
      const publisher = options.createPublisher(needs)
      const subs = patterns.map(() => new ManualSubscriber<T>(env))
      for (const s of subs) publisher.subscribe(s.subscriber)
      const seen: T[][] = []
      for (const [i, s] of subs.entries()) {
        await s.expectSubscription('1.9')
        const got: T[] = []
        for (const n of patterns[i]!) {
          s.request(n)
          got.push(...(await s.expectNextN('1.11', Math.min(n, needs - got.length))))
        }
        if (expectComplete) await s.expectComplete('1.11')
        seen.push(got)
        s.assertNoViolations()
      }
      for (const got of seen.slice(1))
        if (show(got) !== show(seen[0])) throw new TestkitAssertionError(`§1.11: Subscribers saw different sequences: ${show(seen[0])} and ${show(got)}`, seen[0], got)
    })
  const maxSupportedSubscribers = (): number => maxSubscribers
  multicast('multicast: all Subscribers get the same elements in the same order, requesting one by one', 5, [[1, 1, 2, 1], [2, 3], [3, 1, 1]], false)
  multicast('multicast: all Subscribers get the same elements, requesting many up front', 3, [[10], [10], [10]], false)
  multicast('multicast: all Subscribers get the same elements and complete, requesting many up front', 3, [[10], [10], [10]], true)

  checks.push(untested('3.1', 'request and cancel are only called inside the Subscriber context', 'a rule for Subscribers; nothing a Publisher can be checked for'))

  add('3.2', 'allows synchronous request calls from onSubscribe and onNext (3 x request(1) in onSubscribe, then one per onNext)', 6, REQUIRED, async () => {
    const sub = new ManualSubscriber<T>(env, {
      onSubscribe: (s) => {
        s.request(1)
        s.request(1)
        s.request(1)
      },
      onNext: (s) => s.request(1),
    })
    options.createPublisher(6).subscribe(sub.subscriber)
    await sub.expectSubscription('1.9')
    await sub.expectNextN('3.2', 6)
    sub.cancel()
    sub.assertNoViolations()
    if (sub.received.some((r) => r.kind === 'error')) throw new TestkitAssertionError('§3.2: the Publisher failed when requested from inside a signal')
  })

  const recursionLength = depth + 10
  add('3.3', `bounds the recursion of onNext -> request -> onNext (depth at most ${depth})`, recursionLength, REQUIRED, async () => {
    const sub = await subscribe(recursionLength, { onNext: (s) => s.request(1) })
    sub.request(1)
    await sub.expectNextN('3.3', recursionLength)
    sub.cancel()
    sub.assertNoViolations()
    if (sub.maxOnNextDepth > depth)
      throw new TestkitAssertionError(`§3.3: onNext was re-entered ${sub.maxOnNextDepth} deep from request() inside onNext; the bound is ${depth}`, depth, sub.maxOnNextDepth)
  })

  checks.push(untested('3.4', 'request returns in a timely manner', 'no agreed way to tell heavy work from legitimate synchronous delivery'))
  checks.push(untested('3.5', 'cancel returns in a timely manner, is idempotent and thread-safe', 'timeliness is not observable reliably; idempotence is §3.7'))

  add('3.6', 'after cancel, request is a no-op (cancel without requesting, then request 1, 1, 1)', 3, REQUIRED, async () => {
    const sub = await subscribe(3)
    sub.cancel()
    sub.request(1)
    sub.request(1)
    sub.request(1)
    await sub.expectNone('3.6', 'no signal after cancel')
    sub.assertNoViolations()
  })

  add('3.7', 'after cancel, cancel is a no-op (cancel three times)', 1, REQUIRED, async () => {
    const sub = await subscribe(1)
    sub.cancel()
    sub.cancel()
    sub.cancel()
    await sub.expectNone('3.7', 'no signal after cancel')
    sub.assertNoViolations()
  })

  add('3.8', 'request(n) registers n more elements (request 2, then 3)', 5, REQUIRED, async () => {
    const sub = await subscribe(5)
    sub.request(2)
    await sub.expectNextN('3.8', 2)
    await sub.expectNone('3.8', 'no 3rd element with 2 requested')
    sub.request(3)
    await sub.expectNextN('3.8', 3)
    sub.assertNoViolations()
  })

  const badRequest = (name: string, kind: 'required' | 'optional', n: () => number, messageMustCite = false): void =>
    add('3.9', name, 10, kind, async () => {
      const sub = await subscribe(10)
      const value = n()
      sub.request(value)
      const error = await sub.expectError('3.9')
      if (!isRuleError(error))
        throw new TestkitAssertionError(`§3.9: request(${value}) must signal onError with a RangeError (or an error citing §3.9), got ${show(error)}`)
      if (messageMustCite && !(error instanceof Error && /3\.9/.test(error.message)))
        throw new TestkitAssertionError(`§3.9: the error's message should cite rule 3.9, got ${show(error)}`)
      await sub.expectNone('1.7')
      sub.assertNoViolations()
    })
  badRequest('request(0) signals onError with a §3.9 error', REQUIRED, () => 0)
  badRequest('a negative request signals onError with a §3.9 error', REQUIRED, () => -1 - Math.floor(Math.random() * 1000))
  badRequest('a negative request signals an error whose message cites rule 3.9', OPTIONAL, () => -1, true)
  badRequest('request(NaN) signals onError (not a positive integer)', OPTIONAL, () => NaN)
  badRequest('request(1.5) signals onError (not a positive integer)', OPTIONAL, () => 1.5)

  checks.push(untested('3.10', 'request may synchronously call onNext', 'a permission, not an obligation'))
  checks.push(untested('3.11', 'request may synchronously call onComplete or onError', 'a permission, not an obligation'))

  add('3.12', 'cancel makes the Publisher stop signalling (20 elements, request 10, take 1, cancel)', 20, REQUIRED, async () => {
    const sub = await subscribe(20)
    sub.request(10)
    await sub.expectNext('3.12')
    sub.cancel()
    await sub.settle(env.noSignalMs * 2)
    sub.drain()
    await sub.expectNone('3.12', 'no signal once the Publisher stopped')
    if (sub.nexts > 10) throw new TestkitAssertionError(`§3.12: ${sub.nexts} elements arrived, 10 were requested`)
    sub.assertNoViolations()
  })

  add('3.13', 'cancel makes the Publisher drop its references to the Subscriber', 3, REQUIRED, async () => {
    const gc = (globalThis as { gc?: () => void }).gc
    if (typeof gc !== 'function' || typeof WeakRef !== 'function') throw new TckSkip('needs node --expose-gc')
    const publisher = options.createPublisher(3)
    const ref = await (async () => {
      const sub = new ManualSubscriber<T>(env)
      publisher.subscribe(sub.subscriber)
      await sub.expectSubscription('1.9')
      sub.request(1)
      await sub.expectNext('3.13')
      sub.cancel()
      return new WeakRef(sub.subscriber)
    })()
    for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
      await turn()
      gc()
    }
    if (ref.deref() !== undefined) throw new TestkitAssertionError('§3.13: the Subscriber was still referenced after cancel')
  })

  checks.push(untested('3.14', 'cancel may shut the Publisher down when no Subscription is left', 'a permission, not an obligation'))
  checks.push(untested('3.15', 'cancel returns normally', 'checked in every check that cancels: a throwing cancel() is reported as a §3.15 violation'))
  checks.push(untested('3.16', 'request returns normally', 'checked in every check that requests: a throwing request() is reported as a §3.16 violation'))

  add('3.17', 'supports a pending demand of Number.MAX_SAFE_INTEGER (3 elements, request(2^53 - 1))', 3, REQUIRED, async () => {
    const sub = await subscribe(3)
    sub.request(Number.MAX_SAFE_INTEGER)
    await sub.expectNextN('3.17', 3)
    await sub.expectComplete('3.17')
    sub.assertNoViolations()
  })

  add('3.17', 'supports a cumulative demand up to Number.MAX_SAFE_INTEGER (two halves and a 1)', 3, REQUIRED, async () => {
    const sub = await subscribe(3)
    const half = Math.floor(Number.MAX_SAFE_INTEGER / 2)
    sub.request(half)
    sub.request(half)
    sub.request(1)
    await sub.expectNextN('3.17', 3)
    await sub.expectComplete('3.17')
    sub.assertNoViolations()
  })

  add('3.17', 'does not fail when the pending demand goes above Number.MAX_SAFE_INTEGER', 2 ** 31 - 1, REQUIRED, async () => {
    // Request from inside onNext and cancel there too, so that a fast synchronous Publisher stops at once.
    const sub = await subscribe(2 ** 31 - 1, {
      onNext: (s) => {
        if (s.nexts < 10) s.request(Number.MAX_SAFE_INTEGER - 1)
        else if (!s.cancelled) s.cancel()
      },
    })
    sub.request(1)
    await sub.until('3.17', '10 elements', () => sub.nexts >= 10 || sub.terminated)
    await turn()
    if (sub.received.some((r) => r.kind === 'error')) throw new TestkitAssertionError('§3.17: the Publisher signalled onError when the demand went above 2^53 - 1')
    sub.assertNoViolations()
  })

  add('3.17', 'request(Infinity) is unbounded demand', 3, OPTIONAL, async () => {
    const sub = await subscribe(3)
    sub.request(Infinity)
    const first = await sub.next('3.17', 'onNext')
    if (first.kind === 'error') throw new TckSkip('this Publisher treats Infinity as an invalid request')
    if (first.kind !== 'next') throw new TestkitAssertionError(`§3.17: expected onNext after request(Infinity), got ${first.kind}`)
    await sub.expectNextN('3.17', 2)
    await sub.expectComplete('3.17')
    sub.assertNoViolations()
  })

  return checks
}
