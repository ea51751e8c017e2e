import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Source } from '../../../src/index.js'
import { mergeLatest } from '../../../src/operators/fan-in/mergeLatest.js'
import { runScheduled, TestSink, TestSource } from '../../../src/testkit/index.js'
import { expectInputsRespected, input, inputSpecs, RUNS, smallInts, twoInputLaw } from '../../support/graphs.js'

describe('mergeLatest', () => {
  // 1. demand
  it('keeps the demand contract', () => twoInputLaw((a, b) => a.mergeLatest(b), smallInts, smallInts))

  // 2. model
  it('emits one array per element once both inputs have one, each updating one side by the next element', () =>
    fc.assert(
      fc.asyncProperty(inputSpecs(smallInts), inputSpecs(smallInts), async (specA, specB) => {
        // elements replaced by their index, so each array says exactly which elements it holds
        const a = { ...specA, elements: specA.elements.map((_, i) => i) }
        const b = { ...specB, elements: specB.elements.map((_, i) => i) }
        const run = await runScheduled(input(a).source.via(mergeLatest(input(b).source)), [{ request: 1e6 }])
        expect(run.outcome).toBe('completed')
        const n = a.elements.length
        const m = b.elements.length
        if (n === 0 || m === 0) {
          expect(run.elements).toEqual([])
          return
        }
        expect(run.elements.length).toBeGreaterThanOrEqual(1)
        expect(run.elements.length).toBeLessThanOrEqual(n + m - 1)
        expect(run.elements[run.elements.length - 1]).toEqual([n - 1, m - 1])
        for (let k = 1; k < run.elements.length; k++) {
          const [pa, pb] = run.elements[k - 1]!
          const [ca, cb] = run.elements[k]!
          // no update skipped: exactly one side moves, by one element
          expect((ca! - pa!) + (cb! - pb!)).toBe(1)
          expect(ca! >= pa! && cb! >= pb!).toBe(true)
        }
      }),
      { numRuns: RUNS },
    ))

  // 3. edges
  it('emits for every update, holding an array until downstream asks (no update is skipped)', async () => {
    const [queue, other] = Source.queue<string>(10).preMaterialize()
    const [up, down] = TestSource.probe<string>().via(mergeLatest(other)).toMat(TestSink.probe<string[]>(), Keep.both).run()
    down.request(1)
    up.sendNext('a')
    await down.expectNoMessage(10)
    queue.offer('1')
    await down.expectNext(['a', '1'])
    up.sendNext('b')
    queue.offer('2')
    await down.expectNoMessage(10)
    down.request(2)
    await down.expectNext(['b', '1'], ['b', '2'])
    up.sendComplete()
    queue.complete()
    await down.expectComplete()
  })

  it('completes when both complete, or with eagerComplete when either does; never emits if one is empty', async () => {
    expect(await Source.from(['a', 'b']).mergeLatest(Source.from(['1'])).runCollect()).toEqual([
      ['a', '1'],
      ['b', '1'],
    ])
    expect(await Source.from(['a']).mergeLatest(Source.empty()).runCollect()).toEqual([])
    const main = input({ elements: ['a', 'b'], delays: [0, 5] })
    const endless = input({ elements: ['1'], end: 'never' })
    const run = await runScheduled(main.source.mergeLatest(endless.source, { eagerComplete: true }), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expect(run.elements).toEqual([
      ['a', '1'],
      ['b', '1'],
    ])
    expect(endless.stats.cancelled).toBe(true)
  })

  it('fails when either input fails', async () => {
    const boom = new Error('boom')
    expect(await Source.from([1]).mergeLatest(Source.failed(boom)).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  // 4. cleanup
  it('stops both inputs after completion and after cancel', async () => {
    const a = input({ elements: [1, 2], delays: [3] })
    const b = input({ elements: [3], delays: [4] })
    const run = await runScheduled(a.source.mergeLatest(b.source), [{ request: 10 }])
    expect(run.outcome).toBe('completed')
    expectInputsRespected([a.stats, b.stats])
    const c = input({ elements: [1, 2], end: 'never' })
    const d = input({ elements: [3, 4], end: 'never' })
    const cancelled = await runScheduled(c.source.mergeLatest(d.source), [{ request: 1 }, { cancel: true }])
    expect(cancelled.outcome).toBe('cancelled')
    expect(c.stats.cancelled && d.stats.cancelled).toBe(true)
  })
})
