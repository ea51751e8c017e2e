/**
 * The TCK must tell broken implementations from correct ones: each deliberately broken
 * Publisher, Subscriber or Processor below must fail exactly the rules it breaks.
 */
import { describe, expect, it } from 'vitest'
import type { Processor, Publisher, Subscriber, Subscription } from '../../src/index.js'
import { Flow } from '../../src/index.js'
import { TckSkip, verifyProcessor, verifyPublisher, verifySubscriber, type TckCheck } from '../../src/testkit/index.js'

const fast = { timeoutMs: 100, noSignalMs: 15 }

/** Runs every check; returns the rules of the required ones that failed. */
async function failedRules(checks: readonly TckCheck[]): Promise<string[]> {
  const failed = new Set<string>()
  for (const check of checks) {
    if (check.kind !== 'required') continue
    try {
      await check.run()
    } catch (e) {
      if (!(e instanceof TckSkip)) failed.add(check.rule)
    }
  }
  const out = [...failed].sort()
  if (process.env['TCK_PRINT'] !== undefined) console.log('failed rules:', out.join(' '))
  return out
}

interface Flaws {
  ignoresDemand?: boolean
  signalsAfterCancel?: boolean
  acceptsNonPositiveRequest?: boolean
  reentrant?: boolean
  neverCompletes?: boolean
}

/** A Publisher of 0..n-1 that gets everything right unless told otherwise. */
function publisher(n: number, flaws: Flaws = {}): Publisher<number> {
  return {
    subscribe(s: Subscriber<number>) {
      if (s == null) throw new TypeError('subscribe(null)')
      let demand = 0
      let next = 0
      let cancelled = false
      let done = false
      let emitting = false
      const drain = (): void => {
        if (emitting && !flaws.reentrant) return
        emitting = true
        while ((!cancelled || flaws.signalsAfterCancel) && !done && next < n && (demand > 0 || flaws.ignoresDemand)) {
          demand--
          s.onNext(next++)
        }
        if (next >= n && !done && (!cancelled || flaws.signalsAfterCancel) && !flaws.neverCompletes) {
          done = true
          s.onComplete()
        }
        emitting = false
      }
      const subscription: Subscription = {
        request(k) {
          if (done || (cancelled && !flaws.signalsAfterCancel)) return
          if (!(k > 0) && !flaws.acceptsNonPositiveRequest) {
            done = true
            s.onError(new RangeError(`request(n): n must be > 0 (Reactive Streams §3.9), got ${k}`))
            return
          }
          demand = Math.min(Number.MAX_SAFE_INTEGER, demand + Math.max(0, k))
          drain()
        },
        cancel() {
          cancelled = true
        },
      }
      s.onSubscribe(subscription)
      if (n === 0) drain()
    },
  }
}

const failedPublisher = (): Publisher<number> => ({
  subscribe(s) {
    s.onSubscribe({ request() {}, cancel() {} })
    s.onError(new Error('failed on purpose'))
  },
})

const checkPublisher = (flaws: Flaws): Promise<string[]> =>
  failedRules(verifyPublisher({ ...fast, createPublisher: (n) => publisher(n, flaws), createFailedPublisher: failedPublisher }))

describe('the Publisher TCK discriminates', () => {
  it('passes the correct reference Publisher', async () => {
    expect(await checkPublisher({})).toEqual([])
  })
  it('fails §1.1, §3.8 and the checks that count elements for a Publisher that ignores demand', async () => {
    expect(await checkPublisher({ ignoresDemand: true })).toEqual(['1.1', '1.5', '3.12', '3.8', 'tck'])
  })
  it('fails §3.6 for a Publisher that keeps signalling after cancel', async () => {
    // It still delivers only what was requested before the cancel, which §3.12 allows (§2.8).
    // §3.17 too: after its cancel at the 10th element it floods, and the TCK stops it.
    expect(await checkPublisher({ signalsAfterCancel: true })).toEqual(['3.17', '3.6'])
  })
  it('fails only §3.9 for a Publisher that accepts request(0)', async () => {
    expect(await checkPublisher({ acceptsNonPositiveRequest: true })).toEqual(['3.9'])
  })
  it('fails §3.3 for a Publisher that re-enters onNext from request without bound', async () => {
    expect(await checkPublisher({ reentrant: true })).toEqual(['3.3'])
  })
  it('fails the completion rules for a Publisher that never completes', async () => {
    expect(await checkPublisher({ neverCompletes: true })).toEqual(['1.2', '1.3', '1.5', '1.7', '3.17', 'tck'])
  })
  it('fails §1.9 for a Publisher whose subscribe(null) does not throw', async () => {
    const lax: Publisher<number> = { subscribe: (s) => (s == null ? undefined : publisher(0).subscribe(s)) }
    const failed = await failedRules(verifyPublisher({ ...fast, createPublisher: () => lax, maxElementsFromPublisher: 0 }))
    expect(failed).toEqual(['1.9'])
  })
})

interface SubscriberFlaws {
  neverRequests?: boolean
  cancelsInOnComplete?: boolean
  keepsSecondSubscription?: boolean
  acceptsNull?: boolean
}

/** A Subscriber that requests 4 on subscribe and gets everything right unless told otherwise. */
function subscriber(flaws: SubscriberFlaws = {}): Subscriber<number> {
  let subscription: Subscription | null = null
  return {
    onSubscribe(s) {
      if (s == null && !flaws.acceptsNull) throw new TypeError('onSubscribe(null)')
      if (subscription !== null && !flaws.keepsSecondSubscription) return s.cancel()
      subscription = s
      if (!flaws.neverRequests) s.request(4)
    },
    onNext(x) {
      if (x == null && !flaws.acceptsNull) throw new TypeError('onNext(null)')
    },
    onError(e) {
      if (e == null && !flaws.acceptsNull) throw new TypeError('onError(null)')
    },
    onComplete() {
      if (flaws.cancelsInOnComplete) subscription?.cancel()
    },
  }
}

const checkSubscriber = (flaws: SubscriberFlaws): Promise<string[]> => failedRules(verifySubscriber({ ...fast, createSubscriber: () => subscriber(flaws) }))

describe('the Subscriber TCK discriminates', () => {
  it('passes the correct reference Subscriber', async () => {
    expect(await checkSubscriber({})).toEqual([])
  })
  it('fails §2.1 (and §2.9/§2.10 that wait for a request) for a Subscriber that never requests', async () => {
    expect(await checkSubscriber({ neverRequests: true })).toEqual(['2.1', '2.10', '2.9'])
  })
  it('fails only §2.3 (and §2.9, which completes) for a Subscriber that cancels inside onComplete', async () => {
    expect(await checkSubscriber({ cancelsInOnComplete: true })).toEqual(['2.3', '2.9'])
  })
  it('fails only §2.5 for a Subscriber that accepts a second Subscription', async () => {
    expect(await checkSubscriber({ keepsSecondSubscription: true })).toEqual(['2.5'])
  })
  it('fails only §2.13 for a Subscriber that accepts null', async () => {
    expect(await checkSubscriber({ acceptsNull: true })).toEqual(['2.13'])
  })
})

describe('the Processor TCK discriminates', () => {
  it('fails §4.2 for a Processor that turns upstream failure into completion', async () => {
    const swallowing = (): Processor<number, number> => {
      const inner = Flow.create<number>().toProcessor().run()
      return { ...inner, onError: () => inner.onComplete(), subscribe: (s) => inner.subscribe(s), onSubscribe: (s) => inner.onSubscribe(s), onNext: (x) => inner.onNext(x), onComplete: () => inner.onComplete() }
    }
    // The publisher side never sees the failure (§1.4, §1.7, §1.9) and onError(null) no longer throws (§2.13).
    expect(await failedRules(verifyProcessor({ ...fast, createProcessor: swallowing }))).toEqual(['1.4', '1.7', '1.9', '2.13', '4.2'])
  })
})
