import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { mapAsyncUnordered } from '../../../src/operators/async/mapAsyncUnordered.js'
import { demandInvariant, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { asksOnlyWithRoom } from '../../support/asyncRoom.js'
import { deferred } from '../../support/timed.js'

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b)

describe('mapAsyncUnordered', () => {
  it('keeps the demand contract', () =>
    demandInvariant(() => mapAsyncUnordered(3, (x: number) => (x % 2 === 0 ? Promise.resolve(x) : x)), { input: ints(), numRuns: RUNS }))

  it('emits every result once (a permutation of Array.map), skipping null and undefined', () =>
    fc.assert(
      fc.asyncProperty(ints(), fc.integer({ min: 1, max: 4 }), async (xs, p) => {
        const f = (x: number): Promise<number | undefined> | number => (x % 4 === 0 ? Promise.resolve(undefined) : x % 2 === 0 ? Promise.resolve(x) : x)
        const run = await runScheduled(Source.from(xs).mapAsyncUnordered(p, f), [{ request: 1e6 }])
        expect(run.outcome).toBe('completed')
        expect(sorted(run.elements)).toEqual(sorted(xs.filter((x) => x % 4 !== 0)))
      }),
      { numRuns: RUNS },
    ))

  it('never has more than parallelism elements in flight and emits in settling order', () =>
    fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 5 }), ints(15), async (s, parallelism, xs) => {
        let unsettled = 0
        let worst = 0
        const settledOrder: number[] = []
        const f = (x: number): Promise<number> => {
          unsettled++
          worst = Math.max(worst, unsettled)
          return s.schedule(Promise.resolve(x)).then((v) => {
            unsettled--
            settledOrder.push(v)
            return v
          })
        }
        const out = await s.waitFor(Source.from(xs).mapAsyncUnordered(parallelism, f).runCollect())
        expect(worst).toBeLessThanOrEqual(parallelism)
        expect(out).toEqual(settledOrder) // downstream always demands: nothing overtakes
      }),
      { numRuns: RUNS },
    ))

  // A pull that downstream makes during a push goes straight upstream when onPull would only pull.
  it('asks upstream only while it has room, when downstream pulls during its push', () =>
    asksOnlyWithRoom(
      (source, parallelism, f) => source.mapAsyncUnordered(parallelism, f),
      ({ all, take, out }) => {
        if (take === undefined) expect(sorted(out)).toEqual(sorted(all))
        else expect(out.length).toBe(Math.min(take, all.length))
      },
      4,
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => mapAsyncUnordered(-1, (x: number) => x), RangeError, 'mapAsyncUnordered(parallelism): expected a positive integer, got -1')
    expectBuildError(() => mapAsyncUnordered(2, null as never), TypeError, 'mapAsyncUnordered(f): expected a function, got null')
  })

  it('completes an empty stream', async () => {
    expect(await Source.empty<number>().mapAsyncUnordered(2, (x) => Promise.resolve(x)).runCollect()).toEqual([])
  })

  it('emits a later call first when it settles first', async () => {
    const d = [deferred<string>(), deferred<string>()]
    let i = 0
    const [src, sink] = probeFlow(Flow.create<number>().mapAsyncUnordered(2, () => d[i++]!.promise))
    sink.request(2)
    src.sendNext(1).sendNext(2).sendComplete()
    d[1]!.resolve('second')
    await sink.expectNext('second')
    d[0]!.resolve('first')
    await sink.expectNext('first')
    await sink.expectComplete()
  })

  it('fails with the original error of a rejected Promise', async () => {
    const boom = new Error('boom')
    const err = await Source.from([1, 2, 3])
      .mapAsyncUnordered(2, (x) => (x === 2 ? Promise.reject(boom) : Promise.resolve(x)))
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
  })

  it('fails with the error f throws, and with an upstream failure', async () => {
    const thrown = new Error('thrown')
    expect(await Source.single(1).mapAsyncUnordered(1, () => { throw thrown }).runCollect().catch((e: unknown) => e)).toBe(thrown)
    const up = new Error('up')
    expect(await Source.failed<number>(up).mapAsyncUnordered(1, (x) => x).runCollect().catch((e: unknown) => e)).toBe(up)
  })

  it('acts on no result after a cancel', async () => {
    const d = deferred<number>()
    const [src, sink] = probeFlow(Flow.create<number>().mapAsyncUnordered(1, () => d.promise))
    sink.request(1)
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
    d.resolve(1)
    await sink.expectNoMessage(10)
    expect(sink.received).toEqual([])
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => mapAsyncUnordered(2, (x: number) => Promise.resolve(x)), [1, 2, 3]))
})
