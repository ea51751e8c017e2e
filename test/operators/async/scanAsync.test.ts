import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Source } from '../../../src/index.js'
import { scanAsync } from '../../../src/operators/async/scanAsync.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { asksOnlyWithRoom } from '../../support/asyncRoom.js'
import { deferred } from '../../support/timed.js'

const add = (acc: number, x: number): number | Promise<number> => (x % 2 === 0 ? Promise.resolve(acc + x) : acc + x)
const model = (xs: number[]): number[] => {
  const out = [0]
  for (const x of xs) out.push(out[out.length - 1]! + x)
  return out
}

describe('scanAsync', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => scanAsync(0, add), { input: ints(), numRuns: RUNS }))

    // A pull that downstream makes during a push goes straight upstream (after zero, onPull only
    // pulls). Room 0: zero answers the first pull, so upstream is asked only after an emission.
    it('asks upstream only for an element downstream asked for, when downstream pulls during its push', () =>
      asksOnlyWithRoom(
        (source, _parallelism, f) => source.scanAsync(0, (_acc, i) => f(i)),
        ({ all, take, out }) => expect(out).toEqual(take === undefined ? [0, ...all] : [0, ...all].slice(0, take)),
        4,
        0,
      ))
  })

  describe('model', () => {
    it('equals the running sums after zero, with sync and async results mixed', () => equivalentTo(() => scanAsync(0, add), model, { input: ints(), numRuns: RUNS }))

    it('runs one call at a time, whatever order Promises would settle in', () =>
      fc.assert(
        fc.asyncProperty(fc.scheduler(), ints(12), async (s, xs) => {
          let unsettled = 0
          let worst = 0
          const f = (acc: number, x: number): Promise<number> => {
            worst = Math.max(worst, ++unsettled)
            return s.schedule(Promise.resolve(acc + x)).then((v) => (unsettled--, v))
          }
          expect(await s.waitFor(Source.from(xs).scanAsync(0, f).runCollect())).toEqual(model(xs))
          expect(worst).toBeLessThanOrEqual(1)
        }),
        { numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('emits zero and completes for an empty stream, once downstream asks', async () => {
      const [up, down] = probeFlow(scanAsync(0, add))
      up.sendComplete()
      await down.expectNoMessage(10)
      down.request(1)
      await down.expectNext(0)
      await down.expectComplete()
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => scanAsync(undefined as never, add), TypeError, 'scanAsync(zero): expected a value, got undefined')
      expectBuildError(() => Source.single(1).scanAsync(0, 'f' as never), TypeError, 'scanAsync(f): expected a function, got "f"')
    })

    it('waits for the call in flight after upstream completes', async () => {
      const d = deferred<number>()
      const [up, down] = probeFlow(Flow.create<number>().scanAsync(0, () => d.promise))
      down.request(2)
      await down.expectNext(0)
      up.sendNext(1).sendComplete()
      await down.expectNoMessage(10)
      d.resolve(42)
      await down.expectNext(42)
      await down.expectComplete()
    })

    it('fails with a rejection, a thrown error, a null result or an upstream failure', async () => {
      const boom = new Error('boom')
      expect(await Source.from([1]).scanAsync(0, () => Promise.reject(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
      const thrown = await Source.from([1])
        .scanAsync(0, () => {
          throw boom
        })
        .runCollect()
        .catch((e: unknown) => e)
      expect(thrown).toBe(boom)
      expect(failedStage(thrown)?.stage).toBe('scanAsync')
      expect(await Source.failed<number>(boom).scanAsync(0, add).runCollect().catch((e: unknown) => e)).toBe(boom)
      const nul = await Source.from([1]).scanAsync(0, () => Promise.resolve(null as unknown as number)).runCollect().catch((e: unknown) => e)
      expect(String(nul)).toBe('TypeError: scanAsync: f returned or resolved to null or undefined')
    })

    it('cancels upstream when downstream cancels while a call is in flight, and ignores its result', async () => {
      const d = deferred<number>()
      const [up, down] = probeFlow(scanAsync(0, () => d.promise))
      down.request(2)
      await down.expectNext(0)
      up.sendNext(1)
      down.cancel()
      await up.expectCancellation()
      d.resolve(1)
      await down.expectNoMessage(10)
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(scanAsync(0, add))
      down.request(2)
      up.sendNext(1)
      await down.expectNext(0, 1)
      up.sendComplete()
      await down.expectComplete()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () => flowCleanup(() => scanAsync(0, add), [1, 2, 3]))
  })
})
