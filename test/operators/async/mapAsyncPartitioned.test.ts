import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { mapAsyncPartitioned } from '../../../src/operators/async/mapAsyncPartitioned.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { asksOnlyWithRoom } from '../../support/asyncRoom.js'
import { deferred } from '../../support/timed.js'

const part = (x: number): number => Math.abs(x) % 3

describe('mapAsyncPartitioned', () => {
  it('keeps the demand contract', () =>
    demandInvariant(() => mapAsyncPartitioned(3, part, (x: number) => (x % 2 === 0 ? Promise.resolve(x) : x)), { input: ints(), numRuns: RUNS }))

  it('emits what Array.map computes, in order, skipping null and undefined', () =>
    equivalentTo(
      () => mapAsyncPartitioned(2, part, (x: number, p: number) => (x % 5 === 0 ? undefined : Promise.resolve(`${p}:${x}`))),
      (xs) => xs.filter((x) => x % 5 !== 0).map((x) => `${part(x)}:${x}`),
      { input: ints(), numRuns: RUNS },
    ))

  it('runs one call per partition at a time, in order, with at most parallelism elements held', () =>
    fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 5 }), ints(15), async (s, parallelism, xs) => {
        const busy = new Set<number>()
        const calls: number[] = []
        let started = 0
        let emitted = 0
        let worstHeld = 0
        let overlap = false
        const f = (x: number, p: number): Promise<number> => {
          if (busy.has(p)) overlap = true
          busy.add(p)
          calls.push(x)
          started++
          return s.schedule(Promise.resolve(x)).then((v) => {
            busy.delete(p)
            return v
          })
        }
        const out = await s.waitFor(
          Source.from(xs)
            .map((x) => (worstHeld = Math.max(worstHeld, started - emitted), x))
            .mapAsyncPartitioned(parallelism, part, f)
            .map((x) => (emitted++, x))
            .runCollect(),
        )
        expect(out).toEqual(xs)
        expect(overlap).toBe(false)
        for (const p of [0, 1, 2]) expect(calls.filter((x) => part(x) === p)).toEqual(xs.filter((x) => part(x) === p))
        expect(worstHeld).toBeLessThanOrEqual(parallelism)
      }),
      { numRuns: RUNS },
    ))

  // A pull that downstream makes during a push goes straight upstream when onPull would only pull.
  it('asks upstream only while it has room, when downstream pulls during its push', () =>
    asksOnlyWithRoom(
      (source, parallelism, f) => source.mapAsyncPartitioned(parallelism, (i) => i % 3, f),
      ({ all, take, out }) => expect(out).toEqual(take === undefined ? all : all.slice(0, take)),
      4,
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => mapAsyncPartitioned(0, part, (x: number) => x), RangeError, 'mapAsyncPartitioned(parallelism): expected a positive integer, got 0')
    expectBuildError(() => mapAsyncPartitioned(1, 3 as never, (x: number) => x), TypeError, 'mapAsyncPartitioned(partitionOf): expected a function, got 3')
    expectBuildError(() => mapAsyncPartitioned(1, part, undefined as never), TypeError, 'mapAsyncPartitioned(f): expected a function, got undefined')
  })

  it('completes an empty stream', async () => {
    expect(await Source.empty<number>().mapAsyncPartitioned(2, part, (x) => x).runCollect()).toEqual([])
  })

  it('starts the next call of a partition only when the previous one settled', async () => {
    const d = [deferred<string>(), deferred<string>(), deferred<string>()]
    const started: string[] = []
    let i = 0
    const [src, sink] = probeFlow(
      Flow.create<string>().mapAsyncPartitioned(
        3,
        (x) => x[0]!,
        (x) => (started.push(x), d[i++]!.promise),
      ),
    )
    sink.request(3)
    src.sendNext('a1').sendNext('a2').sendNext('b1').sendComplete()
    await sink.expectNoMessage(10)
    expect(started).toEqual(['a1', 'b1'])
    d[0]!.resolve('A1') // a1 settles: a2 starts (it is d[2])
    await sink.expectNext('A1')
    expect(started).toEqual(['a1', 'b1', 'a2'])
    d[1]!.resolve('B1')
    await sink.expectNoMessage(10) // B1 waits for A2, which came before it: order across partitions is kept
    d[2]!.resolve('A2')
    await sink.expectNext('A2', 'B1')
    await sink.expectComplete()
  })

  it('fails with the original error of a rejected Promise, and with what partitionOf throws', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1, 2]).mapAsyncPartitioned(2, part, (x) => (x === 2 ? Promise.reject(boom) : x)).runCollect().catch((e: unknown) => e)).toBe(boom)
    const bad = new Error('partition')
    expect(await Source.from([1]).mapAsyncPartitioned(2, () => { throw bad }, (x) => x).runCollect().catch((e: unknown) => e)).toBe(bad)
  })

  it('fails on upstream failure and ignores results after cancel', async () => {
    const up = new Error('up')
    expect(await Source.failed<number>(up).mapAsyncPartitioned(1, part, (x) => x).runCollect().catch((e: unknown) => e)).toBe(up)
    const d = deferred<number>()
    const [src, sink] = probeFlow(Flow.create<number>().mapAsyncPartitioned(2, part, () => d.promise))
    sink.request(1)
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
    d.resolve(1)
    await sink.expectNoMessage(10)
    expect(sink.received).toEqual([])
  })

  it('leaves nothing behind after completion, failure and cancel', () =>
    flowCleanup(() => mapAsyncPartitioned(2, part, (x: number) => Promise.resolve(x)), [1, 2, 3]))

  it('with perPartition, runs up to that many calls per partition at once, results still in order', () =>
    fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 3 }), ints(15), async (s, perPartition, xs) => {
        const running = new Map<number, number>()
        let worst = 0
        const f = (x: number, p: number): Promise<number> => {
          const n = (running.get(p) ?? 0) + 1
          running.set(p, n)
          worst = Math.max(worst, n)
          return s.schedule(Promise.resolve(x)).then((v) => (running.set(p, running.get(p)! - 1), v))
        }
        const out = await s.waitFor(Source.from(xs).mapAsyncPartitioned(6, part, f, { perPartition }).runCollect())
        expect(out).toEqual(xs)
        expect(worst).toBeLessThanOrEqual(perPartition)
      }),
      { numRuns: RUNS },
    ))

  it('rejects a bad perPartition', () => {
    expectBuildError(() => mapAsyncPartitioned(2, part, (x: number) => x, { perPartition: 0 }), RangeError, 'mapAsyncPartitioned(options.perPartition): expected a positive integer, got 0')
  })

  it('with perPartition 2, starts two calls of one partition and holds the third', async () => {
    const d = [deferred<string>(), deferred<string>(), deferred<string>()]
    const started: string[] = []
    let i = 0
    const [src, sink] = probeFlow(Flow.create<string>().mapAsyncPartitioned(3, (x) => x[0]!, (x) => (started.push(x), d[i++]!.promise), { perPartition: 2 }))
    sink.request(3)
    src.sendNext('a1').sendNext('a2').sendNext('a3').sendComplete()
    await sink.expectNoMessage(10)
    expect(started).toEqual(['a1', 'a2'])
    d[1]!.resolve('A2')
    await sink.expectNoMessage(10)
    expect(started).toEqual(['a1', 'a2', 'a3'])
    d[0]!.resolve('A1')
    d[2]!.resolve('A3')
    await sink.expectNext('A1', 'A2', 'A3')
    await sink.expectComplete()
  })
})
