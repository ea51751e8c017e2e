import { describe, expect, it } from 'vitest'
import { Source } from '../../src/index.js'

/** Keeps the thread for `ms`, as a consumer doing synchronous work does. */
function busy(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('time-slicing behind an async boundary', () => {
  it('lets timers fire while a slow synchronous consumer works through what the boundary delivers', async () => {
    // Each island wakes once per batch (16 elements here); a run of 300 ms is only a few dozen
    // wake-ups, all in microtasks: the clock must be looked at by time, not only after hundreds.
    let ticks = 0
    const timer = setInterval(() => ticks++, 10)
    const started = performance.now()
    await Source.range(1, 300)
      .async({ bufferSize: 32 })
      .runForEach(() => busy(1))
    const took = performance.now() - started
    clearInterval(timer)
    // A 10 ms timer over a run of ~300 ms: with slices of ~15 ms plus the look's granularity it
    // fires many times; starved, it fires once at the end at most.
    expect(took).toBeGreaterThan(250)
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(took / 100))
  })
})
