import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { unfoldResource } from '../../../src/operators/restart/unfoldResource.js'
import { demandSchedule, runScheduled } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS } from '../../support/operators.js'

/** A resource over `items` whose read throws at `failAt` (when given), recording opens and closes. */
function resource(items: readonly number[], failAt?: number) {
  const log = { opened: 0, closed: 0 }
  const source = Source.unfoldResource(
    () => {
      log.opened++
      return { i: 0 }
    },
    (r) => {
      if (r.i === failAt) throw new Error(`read failed at ${r.i}`)
      return items[r.i++]
    },
    () => {
      log.closed++
    },
  )
  return { log, source }
}

describe('unfoldResource', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel; closes exactly once', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), fc.option(fc.nat(25), { nil: undefined }), demandSchedule(), async (items, failAt, schedule) => {
          const { log, source } = resource(items, failAt)
          const run = await runScheduled(source, schedule)
          expectClean(run)
          expect(log.opened).toBe(1)
          expect(log.closed).toBe(1)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits what read returns until undefined (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(), demandSchedule(), async (items, schedule) => {
          const run = await runScheduled(resource(items).source, schedule)
          expectModel(run, items)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects missing functions at build time', () => {
      expectBuildError(() => unfoldResource(() => 1, () => 1, 'close' as never), TypeError, 'unfoldResource(close): expected a function, got "close"')
      expectBuildError(() => unfoldResource(undefined as never, () => 1, () => {}), TypeError, 'unfoldResource(create): expected a function, got undefined')
    })

    it('fails without closing when create throws (nothing was opened)', async () => {
      let closed = 0
      const out = Source.unfoldResource(() => { throw new Error('no connection') }, () => 1, () => { closed++ }).runCollect()
      await expect(out).rejects.toThrow('no connection')
      expect(closed).toBe(0)
    })

    it('closes once and fails when read throws', async () => {
      const { log, source } = resource([1, 2, 3], 1)
      await expect(source.runCollect()).rejects.toThrow('read failed at 1')
      expect(log.closed).toBe(1)
    })

    it('fails with the error close throws on completion', async () => {
      let calls = 0
      const out = Source.unfoldResource(() => 0, () => undefined, () => { calls++; throw new Error('close failed') }).runCollect()
      await expect(out).rejects.toThrow('close failed')
      expect(calls).toBe(1)
    })

    it('closes once when downstream cancels', async () => {
      const { log, source } = resource([1, 2, 3, 4])
      const down = probeSource(source)
      down.request(1)
      await down.expectNext(1)
      down.cancel()
      await down.expectNoMessage(5)
      expect(log.closed).toBe(1)
    })

    it('reads only on demand', async () => {
      let reads = 0
      const down = probeSource(Source.unfoldResource(() => 0, () => ++reads, () => {}))
      await down.expectNoMessage(5)
      expect(reads).toBe(0)
      down.request(2)
      await down.expectNext(1, 2)
      expect(reads).toBe(2)
      down.cancel()
    })
  })
})
