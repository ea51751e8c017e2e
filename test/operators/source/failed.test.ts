import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { failed } from '../../../src/operators/source/failed.js'
import { runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, probeSource, sourceDemandLaw } from '../../support/operators.js'

describe('failed', () => {
  const boom = new Error('boom')

  describe('demand', () => {
    it('never emits, terminates once, sends nothing after cancel', () => sourceDemandLaw(() => failed<number>(boom)))
  })

  describe('model', () => {
    it('fails with its error and no element', () =>
      sourceDemandLaw(
        () => failed<number>(boom),
        (run) => {
          expect(run.elements).toEqual([])
          expect(run.outcome).toBe('failed')
          expect(run.error).toBe(boom)
        },
      ))
  })

  describe('edges', () => {
    it('fails without any demand', async () => {
      expect(await probeSource(failed(boom)).expectSubscriptionAndError()).toBe(boom)
    })

    it('rejects null and undefined as the error at build time', () => {
      expectBuildError(() => failed(undefined), TypeError, 'failed(error): expected a value, got undefined')
      expectBuildError(() => Source.failed(null), TypeError, 'failed(error): expected a value, got null')
    })

    it('fails with any non-null value, unchanged', async () => {
      await expect(Source.failed('reason').runCollect()).rejects.toBe('reason')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and leaves no timer', async () => {
      expectClean(await runScheduled(failed(boom), []), 'failed')
    })
  })
})
