/**
 * A long synchronous run yields to the host: timers and other streams get their turn. These
 * tests use real (short) timers on purpose: what they check is the host's event loop.
 */
import { describe, expect, it } from 'vitest'
import { Sink, Source } from '../../src/index.js'

describe('time-slicing', () => {
  it('an endless Source.repeat does not starve a real 20 ms timer that stops it', async () => {
    let stop = false
    let fired = false
    let count = 0
    const timer = setTimeout(() => {
      fired = true
      stop = true
    }, 20)
    const started = Date.now()
    await Source.repeat(1)
      .takeWhile(() => !stop)
      .runForEach(() => {
        count++
      })
    clearTimeout(timer)
    expect(fired).toBe(true)
    expect(count).toBeGreaterThan(0)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('a timer callback can end an endless stream at the element it names', async () => {
    let cancelAt = Infinity
    let seen = 0
    setTimeout(() => {
      cancelAt = seen
    }, 20)
    const last = await Source.repeat(1)
      .map(() => ++seen)
      .takeWhile((n) => n <= cancelAt, { inclusive: false })
      .runWith(Sink.last())
    expect(last).toBe(cancelAt)
  })

  it('two endless streams running at once both make progress', async () => {
    let stop = false
    let a = 0
    let b = 0
    setTimeout(() => {
      stop = true
    }, 40)
    await Promise.all([
      Source.repeat('a').takeWhile(() => !stop).runForEach(() => void a++),
      Source.repeat('b').takeWhile(() => !stop).runForEach(() => void b++),
    ])
    expect(a).toBeGreaterThan(0)
    expect(b).toBeGreaterThan(0)
  })

  it('Promise reactions (microtasks) run while a long stream is busy', async () => {
    let resolved = false
    let countAtResolve = -1
    let count = 0
    void Promise.resolve().then(() => {
      resolved = true
      countAtResolve = count
    })
    // long enough to outlast a time slice even when the whole run is one fused loop (ADR 0006)
    await Source.range(0, 5_000_000).runForEach(() => {
      count++
    })
    expect(resolved).toBe(true)
    expect(countAtResolve).toBeLessThan(5_000_000)
  })
})
