import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { mapWithResource } from '../../../src/operators/simple/mapWithResource.js'
import { demandInvariant, equivalentTo, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, flowCleanup, ints, probeFlow, RUNS, trackedCycle } from '../../support/operators.js'

interface Res {
  seen: number
  closed: number
}

/** A flow whose resources are recorded, to check each is closed exactly once. */
function withRecorder(): { make: () => ReturnType<typeof mapWithResource<Res, number, string>>; opened: Res[] } {
  const opened: Res[] = []
  const make = () =>
    mapWithResource<Res, number, string>(
      () => {
        const r = { seen: 0, closed: 0 }
        opened.push(r)
        return r
      },
      (r, x) => (x % 3 === 0 ? undefined : `${r.seen++}:${x}`),
      (r) => {
        r.closed++
        return `end:${r.seen}`
      },
    )
  return { make, opened }
}
const model = (xs: number[]): string[] => {
  let seen = 0
  const out = xs.filter((x) => x % 3 !== 0).map((x) => `${seen++}:${x}`)
  return [...out, `end:${seen}`]
}

describe('mapWithResource', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel, closes each resource once', async () => {
      const rec = withRecorder()
      await demandInvariant(rec.make, { input: ints(), numRuns: RUNS })
      expect(rec.opened.length).toBeGreaterThan(0)
      expect(rec.opened.every((r) => r.closed === 1)).toBe(true)
    })
  })

  describe('model', () => {
    it('equals mapping with a counter, then the result of close', () => equivalentTo(withRecorder().make, model, { input: ints(), numRuns: RUNS }))
  })

  describe('edges', () => {
    it('opens and closes the resource for an empty stream, emitting what close returns', async () => {
      const rec = withRecorder()
      const [up, down] = probeFlow(rec.make())
      up.sendComplete()
      down.request(1)
      await down.expectNext('end:0')
      await down.expectComplete()
      expect(rec.opened.map((r) => r.closed)).toEqual([1])
    })

    it('completes without demand when close returns nothing', async () => {
      const [up, down] = probeFlow(mapWithResource(() => 0, (_r, x: number) => x, () => undefined))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
    })

    it('rejects non-functions at build time', () => {
      const ok = (): undefined => undefined
      expectBuildError(() => mapWithResource(null as never, ok, ok), TypeError, 'mapWithResource(create): expected a function, got null')
      expectBuildError(() => mapWithResource(ok, 1 as never, ok), TypeError, 'mapWithResource(f): expected a function, got 1')
      expectBuildError(() => Source.single(1).mapWithResource(ok, ok, 'c' as never), TypeError, 'mapWithResource(close): expected a function, got "c"')
    })

    it('closes once and passes an upstream failure on (dropping what close returns)', async () => {
      const boom = new Error('boom')
      const rec = withRecorder()
      const [up, down] = probeFlow(rec.make())
      down.request(1)
      up.sendNext(1).sendError(boom)
      await down.expectNext('0:1')
      await down.expectError(boom)
      expect(rec.opened.map((r) => r.closed)).toEqual([1])
    })

    it('closes once when downstream cancels mid-stream, and cancels upstream', async () => {
      const rec = withRecorder()
      const [up, down] = probeFlow(rec.make())
      down.request(1)
      up.sendNext(1)
      await down.expectNext('0:1')
      down.cancel()
      await up.expectCancellation()
      expect(rec.opened.map((r) => r.closed)).toEqual([1])
    })

    it('closes once when f throws, and fails naming mapWithResource', async () => {
      const boom = new Error('bad element')
      let closed = 0
      const [up, down] = probeFlow(
        mapWithResource(
          () => 0,
          (_r, x: number) => {
            if (x === 2) throw boom
            return x
          },
          () => void closed++,
        ),
      )
      down.request(5)
      up.sendNext(1).sendNext(2)
      await down.expectNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('mapWithResource')
      await up.expectCancellation()
      expect(closed).toBe(1)
    })

    it('fails without closing when create throws (nothing was opened)', async () => {
      let closed = 0
      const boom = new Error('cannot open')
      const err = await Source.single(1)
        .mapWithResource(
          () => {
            throw boom
          },
          (_r, x) => x,
          () => void closed++,
        )
        .runCollect()
        .catch((e: unknown) => e)
      expect(err).toBe(boom)
      expect(closed).toBe(0)
    })
  })

  describe('cleanup', () => {
    it('stops every stage, releases the upstream iterator, and closes every resource exactly once', async () => {
      const rec = withRecorder()
      await flowCleanup(rec.make, [1, 2, 3])
      expect(rec.opened.map((r) => r.closed)).toEqual([1, 1, 1, 1])
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 5 }), async (n) => {
          const again = withRecorder()
          const endless = trackedCycle([1, 2])
          const run = await runScheduled(endless.source.via(again.make()), [{ request: n }, { cancel: true }])
          expectClean(run)
          expect(again.opened.map((r) => r.closed)).toEqual([1])
        }),
        { numRuns: 10 },
      )
    })
  })
})
