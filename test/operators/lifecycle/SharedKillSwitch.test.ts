import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KillSwitches, SharedKillSwitch, Sink, Source } from '../../../src/index.js'
import { demandInvariant, TestSink } from '../../../src/testkit/index.js'
import { expectReleased, flowCleanup, ints, RUNS, trackedEndless } from '../../support/operators.js'

describe('KillSwitches.shared', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', async () => {
      const killSwitch = KillSwitches.shared('demand')
      await demandInvariant(() => killSwitch.flow<number>(), { input: ints(), numRuns: RUNS })
    })
  })

  describe('model', () => {
    it('shutdown stops every stream it is part of, and streams that start later', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (streams) => {
          const killSwitch = KillSwitches.shared('many')
          const sources = Array.from({ length: streams }, () => trackedEndless())
          const done = sources.map((s) => s.source.via(killSwitch.flow()).runWith(Sink.ignore()))
          killSwitch.shutdown()
          await Promise.all(done)
          const late = await Source.repeat(1).via(killSwitch.flow()).runCollect()
          expect(late).toEqual([])
          await new Promise((r) => setTimeout(r, 0))
          for (const s of sources) expectReleased(s.tracking)
        }),
        { numRuns: RUNS / 5 },
      )
    })
  })

  describe('edges', () => {
    it('abort fails every stream with the error', async () => {
      const killSwitch = KillSwitches.shared('abort')
      const boom = new Error('abort all')
      const a = Source.never<number>().via(killSwitch.flow()).runWith(Sink.ignore())
      const b = Source.repeat(1).via(killSwitch.flow()).runWith(TestSink.probe<number>())
      b.request(1)
      await b.expectNext(1)
      killSwitch.abort(boom)
      await expect(a).rejects.toBe(boom)
      await b.expectError(boom)
      expect(killSwitch.isUsed).toBe(true)
      await expect(Source.single(1).via(killSwitch.flow()).runCollect()).rejects.toBe(boom)
    })

    it('materializes itself and prints its name', () => {
      const killSwitch = KillSwitches.shared('named')
      expect(Source.single(1).viaMat(killSwitch.flow(), (_, r) => r).to(Sink.ignore()).run()).toBe(killSwitch)
      expect(killSwitch).toBeInstanceOf(SharedKillSwitch)
      expect(String(killSwitch)).toBe('SharedKillSwitch(named)')
      expect(() => KillSwitches.shared(3 as never)).toThrow('KillSwitches.shared(name): expected a string, got number')
    })

    it('forgets streams that ended', async () => {
      const killSwitch = KillSwitches.shared('forget')
      for (let i = 0; i < 3; i++) await Source.from([1, 2]).via(killSwitch.flow()).runCollect()
      expect((killSwitch as unknown as { stages: Set<unknown> }).stages.size).toBe(0)
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      const killSwitch = KillSwitches.shared('cleanup')
      await flowCleanup(() => killSwitch.flow<number>(), [1, 2, 3])
    })
  })
})
