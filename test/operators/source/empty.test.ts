import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { empty } from '../../../src/operators/source/empty.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectClean, probeSource, sourceDemandLaw } from '../../support/operators.js'

describe('empty', () => {
  describe('demand', () => {
    it('never emits, terminates once, sends nothing after cancel', () => sourceDemandLaw(() => empty<number>()))
  })

  describe('model', () => {
    it('completes with no element, like []', () =>
      sourceDemandLaw(
        () => empty<number>(),
        (run) => {
          expect(run.elements).toEqual([])
          expect(run.outcome).toBe('completed') // it completes before any cancel can reach it
        },
      ))
  })

  describe('edges', () => {
    it('completes without any demand', async () => {
      await probeSource(empty()).expectSubscriptionAndComplete()
    })

    it('takes no argument to check; collects to []', async () => {
      expect(await Source.empty().runCollect()).toEqual([])
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer', async () => {
      expectClean(await runScheduled(empty(), []), 'completed')
    })
  })
})
