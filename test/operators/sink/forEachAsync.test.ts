import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Sink, Source } from '../../../src/index.js'
import { forEachAsync } from '../../../src/operators/sink/forEachAsync.js'
import { expectBuildError, ints, probeSink, RUNS, sinkDemandLaw, supplyFailed, tracked, trackedEndless } from '../../support/operators.js'

/** Resolves after `n` turns of the microtask queue. */
const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

describe('forEachAsync', () => {
  describe('demand', () => {
    it('pulls one element at a time, settles once, stops its upstream', () =>
      sinkDemandLaw(
        () => forEachAsync<number>(2, (x) => ticks(Math.abs(x) % 3)),
        (s) => (s.end === 'complete' ? { resolves: undefined } : { rejects: supplyFailed }),
      ))
  })

  describe('model', () => {
    it('calls f once per element in order, with never more than parallelism calls in flight, and resolves after the last settles', async () => {
      await fc.assert(
        fc.asyncProperty(ints(40), fc.integer({ min: 1, max: 4 }), async (xs, parallelism) => {
          const called: number[] = []
          const settled: number[] = []
          let inFlight = 0
          let most = 0
          await Source.from(xs).runForEachAsync(parallelism, async (x) => {
            called.push(x)
            most = Math.max(most, ++inFlight)
            await ticks(Math.abs(x) % 5)
            inFlight--
            settled.push(x)
          })
          expect(called).toEqual(xs)
          expect([...settled].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b))
          expect(inFlight).toBe(0)
          expect(most).toBeLessThanOrEqual(parallelism)
          if (parallelism === 1) expect(settled).toEqual(xs)
        }),
        { numRuns: RUNS },
      )
    })

    // Native Promises settle through reactionCallback, other thenables through getAsyncCallback.
    it('asks upstream only while fewer than parallelism calls are in flight, with plain, native and other thenable results', () =>
      fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.constantFrom('sync', 'resolved', 'scheduled', 'thenable'), { maxLength: 15 }),
          async (s, parallelism, hows) => {
            let unsettled = 0
            let worst = 0
            let settled = 0
            function* upstream(): Generator<number> {
              for (let i = 0; i < hows.length; i++) {
                worst = Math.max(worst, unsettled)
                yield i
              }
            }
            const f = (i: number): PromiseLike<unknown> | void => {
              const how = hows[i]!
              if (how === 'sync') return void settled++
              unsettled++
              const done = (): void => void (unsettled--, settled++)
              if (how === 'resolved') return Promise.resolve().then(done)
              const p = s.schedule(Promise.resolve()).then(done)
              return how === 'scheduled' ? p : ({ then: (ok, err) => p.then(ok, err) } as PromiseLike<void>) // not a native Promise
            }
            await s.waitFor(Source.fromIterable(upstream()).runForEachAsync(parallelism, f))
            expect(settled).toBe(hows.length)
            expect(worst).toBeLessThan(parallelism)
          },
        ),
        { numRuns: RUNS },
      ))
  })

  describe('edges', () => {
    it('resolves for an empty stream without calling f', async () => {
      let calls = 0
      const [up, done] = probeSink(forEachAsync<number>(1, async () => void calls++))
      up.sendComplete()
      expect(await done).toBeUndefined()
      expect(calls).toBe(0)
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => forEachAsync(0, async () => {}), RangeError, 'forEachAsync(parallelism): expected a positive integer, got 0')
      expectBuildError(() => Sink.forEachAsync(1.5, async () => {}), RangeError, 'forEachAsync(parallelism): expected a positive integer, got 1.5')
      expectBuildError(() => forEachAsync(1, null as never), TypeError, 'forEachAsync(f): expected a function, got null')
      expectBuildError(() => Source.single(1).runForEachAsync(2, 'x' as never), TypeError, 'forEachAsync(f): expected a function, got "x"')
    })

    it('backpressures while parallelism calls are in flight, and pulls again when one settles', async () => {
      const pending: (() => void)[] = []
      const [up, done] = probeSink(forEachAsync<number>(2, () => new Promise<void>((resolve) => pending.push(resolve))))
      await up.expectRequest()
      up.sendNext(1)
      await up.expectRequest()
      up.sendNext(2)
      await up.expectNoRequest(20)
      pending[1]!()
      await up.expectRequest()
      up.sendNext(3).sendComplete()
      let resolved = false
      void done.then(() => (resolved = true))
      await ticks(10)
      expect(resolved).toBe(false)
      pending[0]!()
      pending[2]!()
      await done
    })

    it('waits for the calls in flight after upstream completes', async () => {
      let release: () => void = () => {}
      const [up, done] = probeSink(forEachAsync<number>(4, () => new Promise<void>((resolve) => (release = resolve))))
      await up.expectRequest()
      up.sendNext(1).sendComplete()
      const state = await Promise.race([done.then(() => 'resolved'), ticks(20).then(() => 'waiting')])
      expect(state).toBe('waiting')
      release()
      await done
    })

    it('accepts an f that returns nothing (it is not awaited then)', async () => {
      const seen: number[] = []
      await Source.range(1, 3).runWith(Sink.forEachAsync(1, (x: number) => void seen.push(x)))
      expect(seen).toEqual([1, 2, 3])
    })

    it('rejects with the upstream failure', async () => {
      const boom = new Error('boom')
      const [up, done] = probeSink(forEachAsync<number>(1, async () => {}))
      up.sendError(boom)
      await expect(done).rejects.toBe(boom)
    })

    it('rejects with a rejected Promise, naming forEachAsync, and cancels upstream', async () => {
      const boom = new Error('bad element')
      const upstream = trackedEndless()
      const err = await upstream.source
        .runForEachAsync(2, async (x) => {
          if (x === 3) throw boom
        })
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(upstream.tracking.finallyRan).toBe(true)
    })

    it('rejects with the error f threw synchronously, naming forEachAsync', async () => {
      const boom = new Error('sync')
      const err = await Source.range(1, 5)
        .runForEachAsync(1, (x) => {
          if (x === 2) throw boom
          return Promise.resolve()
        })
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(failedStage(err)?.stage).toBe('forEachAsync')
    })
  })

  describe('cleanup', () => {
    it('releases the upstream iterator after completion, failure and a rejected call', async () => {
      const done = tracked([1, 2, 3])
      await done.source.runForEachAsync(2, async () => {})
      expect(done.tracking.finallyRan).toBe(true)
      const failing = tracked([1], new Error('x'))
      await expect(failing.source.runForEachAsync(2, async () => {})).rejects.toThrow('x')
      expect(failing.tracking.finallyRan).toBe(true)
      const thrower = tracked([1, 2, 3])
      await expect(thrower.source.runForEachAsync(1, () => Promise.reject(new Error('f')))).rejects.toThrow('f')
      expect(thrower.tracking.finallyRan).toBe(true)
    })
  })
})
