import { describe, expect, it } from 'vitest'
import { Source } from '../../src/index.js'

describe('time-slicing of Promise-fed runs', () => {
  it('lets a timer fire while an endless async generator feeds a sink that never backpressures', async () => {
    let stop = false
    let elements = 0
    async function* endless(): AsyncGenerator<number> {
      for (let i = 0; !stop; i++) yield i
    }
    const fired = new Promise<number>((resolve) => setTimeout(() => resolve(elements), 10))
    const done = Source.fromAsyncIterable(endless())
      .takeWhile(() => !stop)
      .runForEach(() => {
        elements++
      })
    const seenWhenFired = await fired
    stop = true
    await done
    // The timer fired while the stream was running (before it ended), not after.
    expect(seenWhenFired).toBeGreaterThan(0)
    expect(seenWhenFired).toBeLessThanOrEqual(elements)
  })
})
