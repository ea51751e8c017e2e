import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { mapAsync } from '../../../src/operators/async/mapAsync.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { deferred, type Deferred } from '../../support/timed.js'
import { asksOnlyWithRoom } from '../../support/asyncRoom.js'
import { macrotask } from '../../support/macrotask.js'

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await macrotask()
}

describe('mapAsync', () => {
  // 1. demand
  it('keeps the demand contract with async and sync results', () =>
    demandInvariant(() => mapAsync(3, (x: number) => (x % 2 === 0 ? Promise.resolve(x * 2) : x * 2)), { input: ints(), numRuns: RUNS }))

  // 2. model
  it('emits what Array.map computes, skipping null and undefined results, in order', () =>
    equivalentTo(
      () => mapAsync(2, (x: number) => (x % 3 === 0 ? Promise.resolve(undefined) : x % 3 === 1 ? Promise.resolve(x + 1) : x + 1)),
      (xs) => xs.filter((x) => x % 3 !== 0).map((x) => x + 1),
      { input: ints(), numRuns: RUNS },
    ))

  // 3. its law, under every order in which the Promises may settle
  it('never has more than parallelism elements in flight and keeps the order', () =>
    fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 1, max: 5 }), ints(15), async (s, parallelism, xs) => {
        let started = 0
        let unsettled = 0
        let emitted = 0
        let worst = 0
        let worstHeld = 0
        const f = (x: number): Promise<number> => {
          started++
          unsettled++
          worst = Math.max(worst, unsettled)
          worstHeld = Math.max(worstHeld, started - emitted)
          return s.schedule(Promise.resolve(x * 10)).then((v) => {
            unsettled--
            return v
          })
        }
        const done = Source.from(xs)
          .mapAsync(parallelism, f)
          .map((x) => (emitted++, x))
          .runCollect()
        const out = await s.waitFor(done)
        expect(out).toEqual(xs.map((x) => x * 10))
        expect(worst).toBeLessThanOrEqual(parallelism)
        expect(worstHeld).toBeLessThanOrEqual(parallelism) // settled but not yet emitted still count
      }),
      { numRuns: RUNS },
    ))

  // A pull that downstream makes while mapAsync pushes goes straight upstream when its onPull would
  // only pull (nothing settled at the head, room): upstream is still asked only while there is room.
  it('asks upstream only while it has room, when downstream pulls during its push', () =>
    asksOnlyWithRoom(
      (source, parallelism, f) => source.mapAsync(parallelism, f),
      ({ all, take, out }) => expect(out).toEqual(take === undefined ? all : all.slice(0, take)),
      4,
    ))

  // 4. edges
  it('rejects bad arguments at build time', () => {
    expectBuildError(() => mapAsync(0, (x: number) => x), RangeError, 'mapAsync(parallelism): expected a positive integer, got 0')
    expectBuildError(() => mapAsync(1.5, (x: number) => x), RangeError, 'mapAsync(parallelism): expected a positive integer, got 1.5')
    expectBuildError(() => mapAsync(1, 'f' as never), TypeError, 'mapAsync(f): expected a function, got "f"')
  })

  it('completes an empty stream without calling f', async () => {
    let calls = 0
    expect(await Source.empty<number>().mapAsync(4, (x) => (calls++, x)).runCollect()).toEqual([])
    expect(calls).toBe(0)
  })

  it('waits for the calls in flight before completing', async () => {
    const d = [deferred<string>(), deferred<string>()]
    let i = 0
    const [src, sink] = probeFlow(Flow.create<number>().mapAsync(2, () => d[i++]!.promise))
    sink.request(5)
    src.sendNext(1).sendNext(2).sendComplete()
    await sink.expectNoMessage(20)
    d[1]!.resolve('b')
    await sink.expectNoMessage(20) // b waits for a: order is kept
    d[0]!.resolve('a')
    await sink.expectNext('a', 'b')
    await sink.expectComplete()
  })

  it('fails at once with the original error of a rejected Promise; what was emitted stays emitted', async () => {
    const boom = new Error('boom')
    const d: Deferred<number>[] = [deferred(), deferred(), deferred()]
    let i = 0
    const [src, sink] = probeFlow(Flow.create<number>().mapAsync(3, () => d[i++]!.promise))
    sink.request(5)
    src.sendNext(1).sendNext(2).sendNext(3)
    d[0]!.resolve(10)
    await sink.expectNext(10)
    d[2]!.reject(boom) // the third fails while the second is still in flight
    expect(await sink.expectError()).toBe(boom)
    expect(await src.expectCancellation()).toBe(boom)
    d[1]!.resolve(20) // ignored: the stage has stopped
    await sink.expectNoMessage(10)
  })

  it('fails with the error f throws', async () => {
    const boom = new Error('thrown')
    const err = await Source.from([1, 2])
      .mapAsync(2, (x) => {
        if (x === 2) throw boom
        return Promise.resolve(x)
      })
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
  })

  it('fails when upstream fails, dropping the calls in flight', async () => {
    const boom = new Error('upstream')
    const [src, sink] = probeFlow(Flow.create<number>().mapAsync(2, () => new Promise<number>(() => {})))
    sink.request(1)
    src.sendNext(1).sendError(boom)
    expect(await sink.expectError()).toBe(boom)
  })

  it('acts on no result after a cancel', async () => {
    const d = deferred<number>()
    let pushedAfter = 0
    const [src, sink] = probeFlow(
      Flow.create<number>()
        .mapAsync(1, () => d.promise)
        .map((x) => (pushedAfter++, x)),
    )
    sink.request(1)
    src.sendNext(1)
    await src.expectRequest()
    sink.cancel()
    await src.expectCancellation()
    d.resolve(5)
    await settle()
    expect(pushedAfter).toBe(0)
    expect(sink.received).toEqual([])
  })

  it('does not pull more than parallelism ahead of a slow downstream', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().mapAsync(2, (x) => Promise.resolve(x)))
    await src.expectRequest()
    src.sendNext(1)
    await src.expectRequest()
    src.sendNext(2)
    await src.expectNoRequest(20) // two results held, none asked for
    sink.request(1)
    await sink.expectNext(1)
    await src.expectRequest()
  })

  // 5. cleanup
  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => mapAsync(2, (x: number) => Promise.resolve(x)), [1, 2, 3]))
})
