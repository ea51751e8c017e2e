import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../../src/index.js'
import { cancelled } from '../../../src/operators/sink/cancelled.js'
import { TestSource } from '../../../src/testkit/index.js'
import { ints, RUNS, runSupply, supplies, trackedEndless } from '../../support/operators.js'

describe('cancelled', () => {
  describe('demand', () => {
    it('never asks for an element and cancels upstream at once, whatever the supply', async () => {
      await fc.assert(
        fc.asyncProperty(supplies(ints()), async (supply) => {
          // runSupply waits for a Promise; cancelled materializes nothing, so wrap it in one
          const r = await runSupply(
            Sink.cancelled<number>().mapMaterializedValue(() => Promise.resolve('done')),
            supply,
          )
          expect(r.stats.pulls).toBe(0)
          expect(r.stats.cancelled).toBe(true)
          expect(r.stats.stopped).toBe(true)
          expect(r.pendingTimers).toBe(0)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('consumes nothing: the upstream emits no element, like xs.slice(0, 0)', async () => {
      const endless = trackedEndless()
      endless.source.runWith(Sink.cancelled())
      await new Promise((r) => setImmediate(r))
      expect(endless.tracking.emitted).toBe(0)
    })
  })

  describe('edges', () => {
    it('takes no argument and materializes nothing', () => {
      expect(Source.single(1).runWith(Sink.cancelled())).toBeUndefined()
    })

    it('cancels a probe without requesting', async () => {
      const up = TestSource.probe<number>().toMat(cancelled<number>(), Keep.left).run()
      await up.expectCancellation()
      expect(up.requests).toBe(0)
    })

    it('makes a stream that would fail end quietly (the failure is not reported anywhere)', async () => {
      const unhandled: unknown[] = []
      const value = Source.failed<number>(new Error('ignored')).runWith(Sink.cancelled(), { onUnhandledError: (e) => unhandled.push(e) })
      await new Promise((r) => setImmediate(r))
      expect(value).toBeUndefined()
      expect(unhandled).toEqual([])
    })
  })

  describe('cleanup', () => {
    it('stops an endless upstream at once, running its finally if it started', async () => {
      const endless = trackedEndless()
      endless.source.runWith(Sink.cancelled())
      await new Promise((r) => setImmediate(r))
      expect(endless.tracking.started && !endless.tracking.finallyRan).toBe(false)
    })
  })
})
