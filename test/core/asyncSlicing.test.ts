import { describe, expect, it } from 'vitest'
import { Source } from '../../src/index.js'

describe('time-slicing of Promise-fed runs', () => {
  // An endless run fed by Promises, into a sink that never backpressures: an async generator, and
  // every stage whose native Promise reactions drain at once (ADR 0010, ADR 0012 and its amendment).
  const endlessRuns: [string, (stop: () => boolean, each: () => void) => Promise<unknown>][] = [
    [
      'an async generator',
      (stop, each) => {
        async function* endless(): AsyncGenerator<number> {
          for (let i = 0; !stop(); i++) yield i
        }
        return Source.fromAsyncIterable(endless()).takeWhile(() => !stop()).runForEach(each)
      },
    ],
    ['mapAsync', (stop, each) => Source.repeat(1).mapAsync(1, (x) => Promise.resolve(x)).takeWhile(() => !stop()).runForEach(each)],
    ['unfoldAsync', (stop, each) => Source.unfoldAsync(0, (n) => Promise.resolve([n + 1, n] as const)).takeWhile(() => !stop()).runForEach(each)],
    ['scanAsync', (stop, each) => Source.repeat(1).scanAsync(0, (a, x) => Promise.resolve(a + x)).takeWhile(() => !stop()).runForEach(each)],
    ['mapAsyncPartitioned', (stop, each) => Source.repeat(1).mapAsyncPartitioned(2, (x) => x, (x) => Promise.resolve(x)).takeWhile(() => !stop()).runForEach(each)],
    ['mapAsyncPartitionedUnordered', (stop, each) => Source.repeat(1).mapAsyncPartitionedUnordered(2, (x) => x, (x) => Promise.resolve(x)).takeWhile(() => !stop()).runForEach(each)],
    ['foldAsync', (stop, each) => Source.repeat(1).takeWhile(() => !stop()).foldAsync(0, (a, x) => (each(), Promise.resolve(a + x))).runCollect()],
    ['fromReadableStream', (stop, each) => Source.fromReadableStream(new ReadableStream<number>({ pull: (c) => c.enqueue(1) })).takeWhile(() => !stop()).runForEach(each)],
    ['forEachAsync', (stop, each) => Source.repeat(1).takeWhile(() => !stop()).runForEachAsync(1, () => Promise.resolve().then(each))],
  ]
  for (const [name, endless] of endlessRuns)
    it(`lets a timer fire while ${name} settles native Promises in an endless run`, async () => {
      let stop = false
      let elements = 0
      const fired = new Promise<number>((resolve) => setTimeout(() => resolve(elements), 10))
      const done = endless(
        () => stop,
        () => void elements++,
      )
      const seenWhenFired = await fired
      stop = true
      await done
      // The timer fired while the stream was running (before it ended), not after.
      expect(seenWhenFired).toBeGreaterThan(0)
      expect(seenWhenFired).toBeLessThanOrEqual(elements)
    })

  it('never runs stages inside the call that settles a thenable that is not a native Promise', async () => {
    const depth: number[] = []
    let inside = 0
    // A hand-made thenable, settled later from user code on a timer: that call is a foreign stack.
    const later = (x: number): PromiseLike<number> => ({
      then(ok?: ((v: number) => unknown) | null) {
        setTimeout(() => {
          inside++
          ok?.(x)
          inside--
        }, 0)
        return this as never
      },
    })
    const out = await Source.range(1, 5)
      .mapAsync(1, later)
      .map((x) => {
        depth.push(inside)
        return x
      })
      .runCollect()
    expect(out).toEqual([1, 2, 3, 4, 5])
    expect(depth).toEqual([0, 0, 0, 0, 0])
  })
})
