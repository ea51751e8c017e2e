import { describe, expect, it } from 'vitest'
import { Keep, Sink, Source } from '../../src/index.js'
import { runVirtual, timelineSource, VirtualScheduler } from '../../src/testkit/index.js'

describe('runVirtual', () => {
  it('fires timers until the result settles', async () => {
    const scheduler = new VirtualScheduler()
    const xs = await runVirtual(timelineSource('-a----b|', {}, { tickMs: 1000 }).toMat(Sink.collect(), Keep.right), { scheduler })
    expect(xs).toEqual(['a', 'b'])
    expect(scheduler.now()).toBe(7000)
    expect(scheduler.pendingTimers).toBe(0)
  })
  it('rejects with the stream failure', async () => {
    await expect(runVirtual(Source.failed(new Error('boom')).toMat(Sink.collect(), Keep.right))).rejects.toThrow('boom')
  })
  it('reports a result that never settles', async () => {
    await expect(runVirtual(Source.never().toMat(Sink.collect(), Keep.right))).rejects.toThrow(/did not settle and no timer is scheduled/)
  })
  it('returns a non-Promise value at once', async () => {
    expect(await runVirtual(Source.single(1).toMat(Sink.ignore(), Keep.left))).toBeUndefined()
  })
})
