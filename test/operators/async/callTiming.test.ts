/**
 * The clock the async stages time their calls with when metrics are on (`timingClock`): the run's
 * scheduler, so virtual time in tests; on the real scheduler, the host clock looked up once.
 */
import { describe, expect, it } from 'vitest'
import { defaultScheduler, RealScheduler, VirtualScheduler } from '../../../src/core/Scheduler.js'
import { timingClock } from '../../../src/operators/async/internal/callTiming.js'

describe('timingClock', () => {
  it('is the scheduler itself when it is virtual: durations in virtual time', async () => {
    const virtual = new VirtualScheduler()
    expect(timingClock(virtual)).toBe(virtual)
    const start = timingClock(virtual).now()
    await virtual.advance(25)
    expect(timingClock(virtual).now() - start).toBe(25)
  })

  it('reads the host clock for the real scheduler, on the same time line as performance.now()', () => {
    for (const real of [defaultScheduler, new RealScheduler()]) {
      const clock = timingClock(real)
      expect(clock).not.toBe(real)
      const before = performance.now()
      const t = clock.now()
      expect(t).toBeGreaterThanOrEqual(before)
      expect(t).toBeLessThanOrEqual(performance.now())
    }
  })
})
