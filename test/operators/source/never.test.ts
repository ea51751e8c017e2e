import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { never } from '../../../src/operators/source/never.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectClean, probeSource, sourceDemandLaw } from '../../support/operators.js'

describe('never', () => {
  describe('demand', () => {
    it('never emits and never terminates by itself; a cancel stops it', () =>
      sourceDemandLaw(
        () => never<number>(),
        (run, schedule) => {
          expect(run.elements).toEqual([])
          expect(run.outcome).toBe(schedule.some((s) => 'cancel' in s) ? 'cancelled' : 'stalled')
        },
        { mayStall: true },
      ))
  })

  describe('model', () => {
    it('is the empty prefix of every stream: no element, whatever the demand', async () => {
      const run = await runScheduled(never<number>(), [{ request: Number.MAX_SAFE_INTEGER }, { pause: 1000 }])
      expect(run.elements).toEqual([])
      expect(run.outcome).toBe('stalled')
    })
  })

  describe('edges', () => {
    it('takes no argument; stays silent with demand outstanding', async () => {
      const down = probeSource(Source.never<number>())
      down.request(5)
      await down.expectNoMessage(10)
      down.cancel()
    })

    it('stops when cancelled', async () => {
      expectClean(await runScheduled(never(), [{ request: 1 }, { cancel: true }]), 'cancelled')
    })

    it('is ended by a downstream take(0)', async () => {
      expect(await Source.never<number>().take(0).runCollect()).toEqual([])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after cancel', async () => {
      const run = await runScheduled(never(), [{ cancel: true }])
      expectClean(run, 'cancelled')
    })
  })
})
