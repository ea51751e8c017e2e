import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source, ZipLatestWith } from '../../../src/index.js'
import { runScheduled, VirtualScheduler } from '../../../src/testkit/index.js'
import { expectBuildError } from '../../support/operators.js'
import { input, isSubsequence, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('zipLatest / zipLatestWith', () => {
  // 1. demand
  it('keeps the demand contract; each emission pairs elements seen, in order on both sides', () =>
    twoInputLaw(
      (a, b) => a.map((x) => `a${x}`).zipLatest(b.map((x) => `b${x}`)),
      smallInts,
      smallInts,
      (run, a, b) => {
        const lefts = [...new Set(run.elements.map((p) => p[0]))]
        const rights = [...new Set(run.elements.map((p) => p[1]))]
        // the left (right) components, deduplicated in order, follow the input's order
        expect(isSubsequence(lefts, [...new Set(a.elements.map((x) => `a${x}`))]) || new Set(a.elements).size !== a.elements.length).toBe(true)
        expect(isSubsequence(rights, [...new Set(b.elements.map((x) => `b${x}`))]) || new Set(b.elements).size !== b.elements.length).toBe(true)
        if (a.elements.length === 0 || b.elements.length === 0) expect(run.elements).toEqual([])
      },
    ))

  // 2. model (a deterministic interleaving on the virtual clock)
  it('emits a new combination each time either side brings a new element', async () => {
    const scheduler = new VirtualScheduler()
    const a = input({ elements: [1, 2], delays: [0, 30] , end: 'never' })
    const b = input({ elements: ['x', 'y'], delays: [10, 10] })
    const out: [number, string][] = []
    const done = a.source.zipLatest(b.source).runForEach((p) => out.push(p), { scheduler })
    await scheduler.advance(100)
    await done
    expect(out).toEqual([
      [1, 'x'],
      [1, 'y'],
    ])
  })

  it('does not repeat a combination when nothing new arrived', () =>
    fc.assert(
      fc.asyncProperty(fc.array(smallInts, { minLength: 1, maxLength: 5 }), async (xs) => {
        const run = await runScheduled(Source.from(xs).zipLatestWith(Source.single(0), (x, y) => x + y), [{ request: 100 }])
        expect(run.elements.length).toBeLessThanOrEqual(xs.length)
      }),
      { numRuns: 30 },
    ))

  // 3. edges
  it('emits the combination an input completed with, then completes', async () => {
    expect(await Source.repeat(1).zipLatest(Source.from(['a'])).take(1).runCollect()).toEqual([[1, 'a']])
    expect(await Source.repeat(1).zipLatestWith(Source.from([10, 20]), (a, b) => a + b).take(2).runCollect()).toEqual([11, 21])
  })

  it('rejects a non-function, completes when either input completes, fails with f', async () => {
    expectBuildError(() => ZipLatestWith.create(3 as never), TypeError, 'ZipLatestWith.create(f): expected a function, got 3')
    expect(await Source.empty<number>().zipLatest(Source.single(1)).runCollect()).toEqual([])
    const boom = new Error('f')
    const err = await Source.repeat(1)
      .zipLatestWith(Source.single(2), () => {
        throw boom
      })
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
  })
})
