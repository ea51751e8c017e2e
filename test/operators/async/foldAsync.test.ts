import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { foldAsync } from '../../../src/operators/async/foldAsync.js'
import { demandInvariant, equivalentTo, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { deferred } from '../../support/timed.js'

describe('foldAsync', () => {
  it('keeps the demand contract', () =>
    demandInvariant(() => foldAsync(0, (acc: number, x: number) => (x % 2 === 0 ? Promise.resolve(acc + x) : acc + x)), { input: ints(), numRuns: RUNS }))

  it('emits what Array.reduce computes, zero for an empty stream', () =>
    equivalentTo(
      () => foldAsync('', (acc: string, x: number) => Promise.resolve(`${acc}${x},`)),
      (xs) => [xs.reduce((acc, x) => `${acc}${x},`, '')],
      { input: ints(), numRuns: RUNS },
    ))

  it('runs one call at a time and pulls the next element only after it settled', () =>
    fc.assert(
      fc.asyncProperty(fc.scheduler(), ints(12), async (s, xs) => {
        let unsettled = 0
        let worst = 0
        const f = (acc: number, x: number): Promise<number> => {
          worst = Math.max(worst, ++unsettled)
          return s.schedule(Promise.resolve(acc + x)).then((v) => (unsettled--, v))
        }
        const out = await s.waitFor(Source.from(xs).foldAsync(0, f).runCollect())
        expect(out).toEqual([xs.reduce((a, x) => a + x, 0)])
        expect(worst).toBeLessThanOrEqual(1)
      }),
      { numRuns: RUNS },
    ))

  // Native Promises settle through reactionCallback, other thenables through getAsyncCallback.
  it('asks upstream only while no call is in flight, with plain values, native Promises and other thenables', () =>
    fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.constantFrom('sync', 'resolved', 'scheduled', 'thenable')), { maxLength: 15 }),
        async (s, xs) => {
          let unsettled = 0
          let askedInFlight = 0
          function* upstream(): Generator<number> {
            for (let i = 0; i < xs.length; i++) {
              if (unsettled > 0) askedInFlight++
              yield i
            }
          }
          const f = (acc: number, i: number): number | PromiseLike<number> => {
            const [x, how] = xs[i]!
            if (how === 'sync') return acc + x
            unsettled++
            const done = (v: number): number => (unsettled--, v)
            if (how === 'resolved') return Promise.resolve(acc + x).then(done)
            if (how === 'scheduled') return s.schedule(Promise.resolve(acc + x)).then(done)
            const p = s.schedule(Promise.resolve(acc + x)).then(done)
            return { then: (ok, err) => p.then(ok, err) } as PromiseLike<number> // not a native Promise
          }
          const out = await s.waitFor(Source.fromIterable(upstream()).foldAsync(0, f).runCollect())
          expect(out).toEqual([xs.reduce((a, [x]) => a + x, 0)])
          expect(askedInFlight).toBe(0)
        },
      ),
      { numRuns: RUNS },
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => foldAsync(undefined as never, (a: number) => a), TypeError, 'foldAsync(zero): expected a value, got undefined')
    expectBuildError(() => foldAsync(0, 'x' as never), TypeError, 'foldAsync(f): expected a function, got "x"')
  })

  it('waits for the last call when upstream completes, then emits once downstream pulls', async () => {
    const d = deferred<number>()
    const [src, sink] = probeFlow(Flow.create<number>().foldAsync(0, () => d.promise))
    src.sendNext(1).sendComplete()
    await sink.expectNoMessage(10)
    d.resolve(42)
    await sink.expectNoMessage(10) // no demand yet
    sink.request(1)
    await sink.expectNext(42)
    await sink.expectComplete()
  })

  it('fails with the original rejection, a thrown error, a null result, or an upstream failure', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1]).foldAsync(0, () => Promise.reject(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.from([1]).foldAsync(0, () => { throw boom }).runCollect().catch((e: unknown) => e)).toBe(boom)
    expect(await Source.failed<number>(boom).foldAsync(0, (a) => a).runCollect().catch((e: unknown) => e)).toBe(boom)
    const nul = await Source.from([1]).foldAsync(0, () => Promise.resolve(null as unknown as number)).runCollect().catch((e: unknown) => e)
    expect(String(nul)).toBe('TypeError: foldAsync: f returned or resolved to null or undefined')
  })

  it('acts on no result after a cancel', async () => {
    const d = deferred<number>()
    const [src, sink] = probeFlow(Flow.create<number>().foldAsync(0, () => d.promise))
    sink.request(1)
    src.sendNext(1)
    await src.expectRequest()
    sink.cancel()
    await src.expectCancellation()
    d.resolve(1)
    await sink.expectNoMessage(10)
    expect(sink.received).toEqual([])
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => foldAsync(0, (a: number, x: number) => Promise.resolve(a + x)), [1, 2, 3]))

  it('lets the host run while it folds an endless upstream of settled Promises, and stops on cancel', async () => {
    const run = await runScheduled(Source.repeat(1).via(foldAsync(0, (a: number, x: number) => Promise.resolve(a + x))), [{ request: 1 }, { cancel: true }])
    expectClean(run, 'cancelled')
  })
})
