import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { repeat } from '../../../src/operators/source/repeat.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, probeSource, sourceDemandLaw } from '../../support/operators.js'

describe('repeat', () => {
  describe('demand', () => {
    it('never emits more than requested and sends nothing after cancel (it only stops by cancel)', () =>
      sourceDemandLaw(
        () => repeat(7),
        (run) => {
          expect(run.outcome).toBe('cancelled')
          expect(run.elements.length).toBeLessThanOrEqual(run.requested)
        },
        { schedule: demandSchedule({ cancel: 'always', maxSteps: 6 }), numRuns: 20 },
      ))
  })

  describe('model', () => {
    it('emits its element again and again (n of them under take(n))', () =>
      sourceDemandLaw(
        () => Source.fromGraph(repeat('a')).take(25),
        (run) => {
          expect(run.elements.every((x) => x === 'a')).toBe(true)
          if (run.outcome === 'completed') expect(run.elements).toHaveLength(25)
        },
      ))
  })

  describe('edges', () => {
    it('rejects null and undefined at build time', () => {
      expectBuildError(() => repeat(null), TypeError, 'repeat(element): expected a value, got null')
      expectBuildError(() => Source.repeat(undefined), TypeError, 'repeat(element): expected a value, got undefined')
    })

    it('emits one element per request and nothing more', async () => {
      const down = probeSource(repeat(1))
      down.request(3)
      await down.expectNext(1, 1, 1)
      await down.expectNoMessage(5)
      down.cancel()
    })

    it('stops when cancelled mid-stream', async () => {
      const run = await runScheduled(repeat(1), [{ request: 5 }, { cancel: true }])
      expectClean(run, 'cancelled')
      expect(run.elements).toEqual([1, 1, 1, 1, 1])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer after cancel and after take completes', async () => {
      expectClean(await runScheduled(repeat(1), [{ request: 1 }, { cancel: true }]), 'cancelled')
      expectClean(await runScheduled(Source.fromGraph(repeat(1)).take(3), [{ request: 10 }]), 'completed')
    })
  })
})
