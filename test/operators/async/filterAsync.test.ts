import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { filterAsync } from '../../../src/operators/async/filterAsync.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { deferred } from '../../support/timed.js'

describe('filterAsync', () => {
  it('keeps the demand contract', () =>
    demandInvariant(() => filterAsync(2, (x: number) => (x % 2 === 0 ? Promise.resolve(x > 0) : x > 0)), { input: ints(), numRuns: RUNS }))

  it('emits what Array.filter computes', () =>
    equivalentTo(
      () => filterAsync(3, (x: number) => Promise.resolve(x % 3 !== 0)),
      (xs) => xs.filter((x) => x % 3 !== 0),
      { input: ints(), numRuns: RUNS },
    ))

  it('never has more than parallelism checks in flight and keeps the order', () =>
    fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 5 }), ints(15), async (s, parallelism, xs) => {
        let unsettled = 0
        let worst = 0
        const p = (x: number): Promise<boolean> => {
          worst = Math.max(worst, ++unsettled)
          return s.schedule(Promise.resolve(x >= 0)).then((v) => (unsettled--, v))
        }
        const out = await s.waitFor(Source.from(xs).filterAsync(parallelism, p).runCollect())
        expect(out).toEqual(xs.filter((x) => x >= 0))
        expect(worst).toBeLessThanOrEqual(parallelism)
      }),
      { numRuns: RUNS },
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => filterAsync(0, () => true), RangeError, 'filterAsync(parallelism): expected a positive integer, got 0')
    expectBuildError(() => filterAsync(1, {} as never), TypeError, 'filterAsync(predicate): expected a function, got an object')
  })

  it('completes an empty stream', async () => {
    expect(await Source.empty<number>().filterAsync(2, () => true).runCollect()).toEqual([])
  })

  it('keeps the order when checks settle out of order', async () => {
    const d = [deferred<boolean>(), deferred<boolean>()]
    let i = 0
    const [src, sink] = probeFlow(Flow.create<string>().filterAsync(2, () => d[i++]!.promise))
    sink.request(2)
    src.sendNext('a').sendNext('b').sendComplete()
    d[1]!.resolve(true)
    await sink.expectNoMessage(10)
    d[0]!.resolve(true)
    await sink.expectNext('a', 'b')
    await sink.expectComplete()
  })

  it('fails with the original rejection, a thrown error, or an upstream failure', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1]).filterAsync(1, () => Promise.reject(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.from([1]).filterAsync(1, () => { throw boom }).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.failed<number>(boom).filterAsync(1, () => true).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('acts on no result after a cancel', async () => {
    const d = deferred<boolean>()
    const [src, sink] = probeFlow(Flow.create<number>().filterAsync(1, () => d.promise))
    sink.request(1)
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
    d.resolve(true)
    await sink.expectNoMessage(10)
    expect(sink.received).toEqual([])
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => filterAsync(2, (x: number) => Promise.resolve(x > 0)), [1, 2, 3]))
})
