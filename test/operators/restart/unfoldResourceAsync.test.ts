import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Source, VirtualScheduler } from '../../../src/index.js'
import { unfoldResourceAsync } from '../../../src/operators/restart/unfoldResourceAsync.js'
import { demandSchedule, runScheduled, TestSink } from '../../../src/testkit/index.js'
import { expectBuildError, expectClean, expectModel, ints, probeSource, RUNS } from '../../support/operators.js'

/** A resource whose create, read and close each take `delay` virtual ms; read rejects at `failAt`. */
function resource(scheduler: VirtualScheduler, items: readonly number[], options: { failAt?: number; delay?: number; closeFails?: boolean } = {}) {
  const delay = options.delay ?? 1
  const log = { opened: 0, closed: 0, readsInFlight: 0, maxInFlight: 0 }
  const later = <T>(f: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      scheduler.setTimeout(() => {
        try {
          resolve(f())
        } catch (e) {
          reject(e)
        }
      }, delay),
    )
  const source = Source.unfoldResourceAsync(
    () => later(() => { log.opened++; return { i: 0 } }),
    (r) => {
      log.readsInFlight++
      log.maxInFlight = Math.max(log.maxInFlight, log.readsInFlight)
      return later(() => {
        log.readsInFlight--
        if (r.i === options.failAt) throw new Error(`read failed at ${r.i}`)
        return items[r.i++]
      })
    },
    () => later(() => {
      log.closed++
      if (options.closeFails === true) throw new Error('close failed')
    }),
  )
  return { log, source }
}

describe('unfoldResourceAsync', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel; closes exactly once', async () => {
      await fc.assert(
        fc.asyncProperty(ints(10), fc.option(fc.nat(12), { nil: undefined }), fc.nat(3), demandSchedule({ maxPause: 5 }), async (items, failAt, delay, schedule) => {
          const scheduler = new VirtualScheduler()
          const { log, source } = resource(scheduler, items, failAt === undefined ? { delay } : { failAt, delay })
          const run = await runScheduled(source, schedule, { scheduler })
          // after a cancel the stage rightly lives on until the (virtual-time) close has finished
          const lingering = (v: string): boolean => run.outcome === 'cancelled' && /still running: 'unfoldResourceAsync'$/.test(v)
          expect(run.violations.filter((v) => !lingering(v))).toEqual([])
          expect(run.outcome).not.toBe('stalled')
          await scheduler.runAll() // a close started by a cancel finishes
          expect(log.opened).toBe(1)
          expect(log.closed).toBe(1)
          expect(log.maxInFlight).toBeLessThanOrEqual(1)
          expect(scheduler.pendingTimers).toBe(0)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('model', () => {
    it('emits what read resolves until undefined (a prefix when cancelled)', async () => {
      await fc.assert(
        fc.asyncProperty(ints(10), demandSchedule({ maxPause: 5 }), async (items, schedule) => {
          const scheduler = new VirtualScheduler()
          const run = await runScheduled(resource(scheduler, items).source, schedule, { scheduler })
          expectModel(run, items)
        }),
        { numRuns: RUNS },
      )
    })
  })

  describe('edges', () => {
    it('rejects missing functions at build time', () => {
      expectBuildError(() => unfoldResourceAsync(async () => 1, null as never, async () => {}), TypeError, 'unfoldResourceAsync(read): expected a function, got null')
    })

    it('fails without closing when create rejects', async () => {
      let closed = 0
      const out = Source.unfoldResourceAsync(async () => { throw new Error('no connection') }, async () => 1, async () => { closed++ }).runCollect()
      await expect(out).rejects.toThrow('no connection')
      expect(closed).toBe(0)
    })

    it('closes, then fails, when read rejects; close failing then goes to the unhandled hook', async () => {
      const scheduler = new VirtualScheduler()
      const { log, source } = resource(scheduler, [1, 2], { failAt: 1 })
      const done = source.runCollect({ scheduler })
      await scheduler.runAll()
      await expect(done).rejects.toThrow('read failed at 1')
      expect(log.closed).toBe(1)

      const unhandled: unknown[] = []
      const both = resource(scheduler, [1], { failAt: 0, closeFails: true })
      const failed = both.source.runCollect({ scheduler, onUnhandledError: (e) => unhandled.push(e) })
      await scheduler.runAll()
      await expect(failed).rejects.toThrow('read failed at 0')
      expect(unhandled).toHaveLength(1)
    })

    it('fails with the close error when close rejects on completion', async () => {
      const scheduler = new VirtualScheduler()
      const { source } = resource(scheduler, [1], { closeFails: true })
      const done = source.runCollect({ scheduler })
      await scheduler.runAll()
      await expect(done).rejects.toThrow('close failed')
    })

    it('a cancel during create or read waits for it, then closes once', async () => {
      for (const cancelAfter of [0, 1]) {
        const scheduler = new VirtualScheduler()
        const { log, source } = resource(scheduler, [1, 2, 3], { delay: 10 })
        const down = probeSource(source, { scheduler })
        down.request(1)
        if (cancelAfter === 1) await down.expectNext(1)
        down.request(1)
        await scheduler.advance(5) // create (or the second read) is in flight
        down.cancel()
        await scheduler.runAll()
        expect(log.closed).toBe(1)
        expect(scheduler.pendingTimers).toBe(0)
      }
    })

    it('stops after a close that throws synchronously on cancel, reporting the error', async () => {
      const unhandled: unknown[] = []
      const [watched, down] = Source.unfoldResourceAsync(async () => 1, async () => 1, (): void => { throw new Error('sync close') })
        .watchTermination(Keep.right)
        .toMat(TestSink.probe<number>(), Keep.both)
        .run({ onUnhandledError: (e) => unhandled.push(e) })
      down.request(1)
      await down.expectNext(1)
      down.cancel()
      await watched
      await new Promise((r) => setTimeout(r, 5))
      expect(unhandled).toHaveLength(1)
    })
  })

  describe('cleanup', () => {
    it('leaves no timer and no stage behind after completion and failure', async () => {
      const scheduler = new VirtualScheduler()
      const run = await runScheduled(resource(scheduler, [1, 2]).source, [{ request: 5 }], { scheduler })
      expectClean(run, 'completed')
      const failing = await runScheduled(resource(scheduler, [1, 2], { failAt: 0 }).source, [{ request: 5 }], { scheduler })
      expectClean(failing, 'failed')
    })
  })
})
