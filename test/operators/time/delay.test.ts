import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BufferOverflowError, Flow, Source } from '../../../src/index.js'
import { delay } from '../../../src/operators/time/delay.js'
import { delayWith } from '../../../src/operators/time/delayWith.js'
import type { DelayOverflowStrategy } from '../../../src/operators/time/internal/Delay.js'
import { demandInvariant, equivalentTo, expectTimeline, timelineSource } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { arrivals, runTimed, timed } from '../../support/timed.js'

const strategies: DelayOverflowStrategy[] = ['emitEarly', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'backpressure', 'fail']

/** What a delay stage of `size` keeps of a burst of `n` elements that all arrive at once. */
function burstModel(n: number, size: number, strategy: DelayOverflowStrategy): { early: number[]; late: number[]; failed: boolean } {
  const q: number[] = []
  const early: number[] = []
  for (let x = 0; x < n; x++) {
    if (q.length < size) {
      q.push(x)
      continue
    }
    switch (strategy) {
      case 'emitEarly':
        early.push(q.shift()!)
        q.push(x)
        break
      case 'dropHead':
        q.shift()
        q.push(x)
        break
      case 'dropTail':
        q.pop()
        q.push(x)
        break
      case 'dropBuffer':
        q.length = 0
        q.push(x)
        break
      case 'dropNew':
        break
      case 'fail':
        return { early, late: [], failed: true }
      case 'backpressure':
        return { early, late: Array.from({ length: n }, (_, i) => i), failed: false } // waits instead
    }
  }
  return { early, late: q, failed: false }
}

describe('delay', () => {
  it('keeps the demand contract under every strategy', async () => {
    for (const s of strategies) await demandInvariant(() => delay<number>(5, s, { bufferSize: 3 }), { input: ints(), numRuns: 15 })
  })

  it("with 'backpressure', emits every element (Array identity)", () =>
    equivalentTo(() => delay<number>(3, 'backpressure', { bufferSize: 2 }), (xs) => xs, { input: ints(), numRuns: RUNS }))

  it('emits each element exactly when its delay is over, in order, holding at most bufferSize', () =>
    fc.assert(
      fc.asyncProperty(arrivals(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 5 }), async (input, d, size) => {
        const run = await runTimed(timed(input, { at: 500 }).delay(d, 'backpressure', { bufferSize: size }))
        expect(run.elements).toEqual(input.map(([, x]) => x))
        // element i reaches the stage at its time, or once element i - size has left (room again)
        const at: number[] = []
        const out: number[] = []
        input.forEach(([t], i) => {
          at[i] = Math.max(t, i >= size ? out[i - size]! : 0)
          out[i] = Math.max(at[i]! + d, i > 0 ? out[i - 1]! : 0)
        })
        expect(run.out.map(([t]) => t)).toEqual(out)
        expect(run.pendingTimers).toBe(0)
      }),
      { numRuns: RUNS },
    ))

  it('drops exactly what its strategy says when a burst overflows the buffer', () =>
    fc.assert(
      fc.asyncProperty(fc.constantFrom(...strategies), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 4 }), async (strategy, n, size) => {
        const burst = Array.from({ length: n }, (_, i) => [0, i] as const)
        const run = await runTimed(timed(burst, { at: 0 }).delay(10, strategy, { bufferSize: size }))
        const want = burstModel(n, size, strategy)
        if (want.failed) {
          expect(run.end?.kind).toBe('error')
          expect(run.end?.error).toBeInstanceOf(BufferOverflowError)
          expect(run.elements).toEqual([])
          return
        }
        expect(run.elements).toEqual([...want.early, ...want.late])
        expect(run.out.filter(([t]) => t === 0).map(([, x]) => x)).toEqual(want.early)
        if (strategy !== 'backpressure') expect(run.out.filter(([t]) => t === 10).map(([, x]) => x)).toEqual(want.late)
        expect(run.end?.kind).toBe('complete')
      }),
      { numRuns: 120 },
    ))

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a-b-----|').delay(3), '----a-b--|')
  })

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => delay(-1), RangeError, `delay(duration): expected a finite non-negative number, got -1`)
    expectBuildError(
      () => delay(1, 'later' as never),
      TypeError,
      `delay(strategy): expected one of 'emitEarly', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'backpressure', 'fail', got "later"`,
    )
    expectBuildError(() => delay(1, 'dropHead', { bufferSize: 0 }), RangeError, 'delay(options.bufferSize): expected a positive integer, got 0')
  })

  it('completes an empty stream at once, and after the last delayed element', async () => {
    expect(await Source.empty<number>().delay('1h').runCollect()).toEqual([])
    const run = await runTimed(timed([[0, 'x']], { at: 1 }).delay('2s'))
    expect(run.out).toEqual([[2000, 'x']])
    expect(run.end).toEqual({ at: 2000, kind: 'complete' })
  })

  it('fails with an upstream failure at once, dropping what it holds, and clears its timer', async () => {
    const boom = new Error('up')
    const run = await runTimed(timed([[0, 1]], { at: 5, error: boom }).delay(100))
    expect(run.elements).toEqual([])
    expect(run.end).toEqual({ at: 5, kind: 'error', error: boom })
    expect(run.pendingTimers).toBe(0)
  })

  it('clears its timer when downstream cancels', async () => {
    const run = await runTimed(timed([[0, 1], [1, 2]], null).delay(50), { until: 60, cancelAfter: 1 })
    expect(run.elements).toEqual([1])
    expect(run.pendingTimers).toBe(0)
    const [src, sink] = probeFlow(Flow.create<number>().delay('1h'))
    sink.request(1)
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
  })

  it('leaves nothing behind after completion, failure and cancel', async () => {
    for (const s of strategies) await flowCleanup(() => delay<number>(3, s, { bufferSize: 2 }), [1, 2, 3])
  })
})

describe('delayWith', () => {
  it('keeps the demand contract', () => demandInvariant(() => delayWith(() => (x: number) => Math.abs(x) % 7), { input: ints(), numRuns: RUNS }))

  it('delays each element by its own delay, never overtaking', () =>
    fc.assert(
      fc.asyncProperty(arrivals(), fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 20, maxLength: 20 }), async (input, delays) => {
        const run = await runTimed(timed(input, { at: 300 }).delayWith(() => (x) => delays[x]!, 'backpressure', { bufferSize: 32 }))
        expect(run.elements).toEqual(input.map(([, x]) => x))
        const out: number[] = []
        input.forEach(([t, x], i) => (out[i] = Math.max(t + delays[x]!, i > 0 ? out[i - 1]! : 0)))
        expect(run.out.map(([t]) => t)).toEqual(out)
      }),
      { numRuns: RUNS },
    ))

  it('creates the strategy once per run, so it may keep state', async () => {
    let created = 0
    const backoff = (): ((x: string) => number) => {
      created++
      let n = 0
      return () => 10 * ++n
    }
    const flow = Flow.create<string>().delayWith(backoff, 'backpressure')
    const run = await runTimed(timed([[0, 'a'], [0, 'b'], [0, 'c']], { at: 0 }).via(flow))
    expect(run.out).toEqual([[10, 'a'], [20, 'b'], [30, 'c']])
    await runTimed(timed([[0, 'a']], { at: 0 }).via(flow))
    expect(created).toBe(2)
  })

  it('matches the timeline in its docs', async () => {
    await expectTimeline(timelineSource('-a-b------|').delayWith(() => (x) => (x === 'a' ? 4 : 1)), '-----(ab)-|')
  })

  it('rejects bad arguments, and fails when the delay function throws or returns a bad duration', async () => {
    expectBuildError(() => delayWith(5 as never), TypeError, 'delayWith(strategy): expected a function, got 5')
    expectBuildError(
      () => delayWith(() => () => 1, 'x' as never),
      TypeError,
      `delayWith(overflow): expected one of 'emitEarly', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'backpressure', 'fail', got "x"`,
    )
    const boom = new Error('boom')
    expect(await Source.single(1).delayWith(() => () => { throw boom }).runCollect().catch((e: unknown) => e)).toBe(boom)
    const bad = await Source.single(1).delayWith(() => () => -5).runCollect().catch((e: unknown) => e)
    expect(String(bad)).toBe('RangeError: delayWith(delay): expected a finite non-negative number, got -5')
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => delayWith(() => () => 2), [1, 2, 3]))
})
