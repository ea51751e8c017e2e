import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sourceOf } from '../../src/core/Graph.js'
import { flowOf } from '../../src/core/Graph.js'
import { LinearStage, SourceStage } from '../../src/core/StageLogic.js'
import { Flow, Source } from '../../src/index.js'
import { demandInvariant, demandSchedule, elements, equivalentTo, failingAt, InjectedFailure, runScheduled, VirtualScheduler } from '../../src/testkit/index.js'

/** A source that completes twice-ish: it keeps pushing after completing is impossible in the runtime, so it leaks a timer instead. */
class LeakyTimerSource extends SourceStage<number> {
  override preStart(): void {
    this.setKeepGoing(true)
  }
  onPull(): void {
    this.push(this.out, 1)
    this.complete(this.out)
    this.scheduler.setTimeout(() => {}, 1000) // a raw timer the stage does not own
  }
}

describe('runScheduled', () => {
  it('delivers no more than requested, then drains to completion', async () => {
    const run = await runScheduled(Source.range(1, 10), [{ request: 3 }])
    expect(run.elements).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(run.outcome).toBe('completed')
    expect(run.violations).toEqual([])
  })
  it('stops at the demand when the script cancels', async () => {
    const run = await runScheduled(Source.range(1, 10), [{ request: 3 }, { pause: 5 }, { request: 1 }, { cancel: true }])
    expect(run.elements).toEqual([1, 2, 3, 4])
    expect(run.outcome).toBe('cancelled')
    expect(run.violations).toEqual([])
  })
  it('reports failures', async () => {
    const run = await runScheduled(failingAt(2).source([1, 2, 3]), [{ request: 1 }])
    expect(run.elements).toEqual([1, 2])
    expect(run.outcome).toBe('failed')
    expect(run.error).toBeInstanceOf(InjectedFailure)
  })
  it('reports a stream that never ends as stalled', async () => {
    const run = await runScheduled(Source.never<number>(), [{ request: 1 }])
    expect(run.outcome).toBe('stalled')
  })
  it('handles huge and unbounded requests', async () => {
    const run = await runScheduled(Source.range(1, 5), [{ request: 2 ** 40 }])
    expect(run.elements).toEqual([1, 2, 3, 4, 5])
    expect(run.violations).toEqual([])
    const never = await runScheduled(Source.never<number>(), [{ request: 2 ** 40 }, { request: Number.MAX_SAFE_INTEGER }, { request: Infinity }, { cancel: true }])
    expect(never.requested).toBe(Number.MAX_SAFE_INTEGER)
    expect(never.outcome).toBe('cancelled')
  })
  it('drains a source that needs virtual time', async () => {
    const scheduler = new VirtualScheduler()
    const run = await runScheduled(
      Source.unfoldAsync(0, (n) => (n < 3 ? new Promise<readonly [number, number]>((r) => scheduler.setTimeout(() => r([n + 1, n]), 100)) : Promise.resolve(undefined))),
      [],
      { scheduler },
    )
    expect(run.elements).toEqual([0, 1, 2])
    expect(run.outcome).toBe('completed')
    expect(scheduler.now()).toBe(300)
  })
  it('flags a protocol error and stages left running', async () => {
    const broken = sourceOf<number>('broken', () => new LeakyTimerSource())
    const run = await runScheduled(broken, [])
    expect(run.outcome).toBe('completed')
    expect(run.violations.join('\n')).toMatch(/still running: 'broken'/)
    expect(run.pendingTimers).toBe(1)
  })
  it('flags a push without demand as a stage protocol error', async () => {
    class Eager extends SourceStage<number> {
      override preStart(): void {
        this.push(this.out, 1)
      }
      onPull(): void {}
    }
    const run = await runScheduled(sourceOf<number>('eager', () => new Eager()), [{ request: 1 }])
    expect(run.outcome).toBe('failed')
    expect(run.violations.join('\n')).toMatch(/stage protocol error: eager.out: push before pull/)
  })
})

describe('arbitraries', () => {
  it('demandSchedule makes valid steps', () => {
    fc.assert(
      fc.property(demandSchedule({ cancel: 'always' }), (steps) => {
        expect(steps.at(-1)).toEqual({ cancel: true })
        for (const s of steps.slice(0, -1)) expect('request' in s ? s.request >= 1 : 'pause' in s && s.pause >= 0).toBe(true)
      }),
      { numRuns: 50 },
    )
  })
  it('elements leaves out null and undefined', () => {
    fc.assert(fc.property(elements(fc.anything(), { maxLength: 5 }), (xs) => xs.length <= 5 && xs.every((x) => x !== null && x !== undefined)), { numRuns: 50 })
  })
  it('failingAt(k).fn throws on the k-th call only', () => {
    const f = failingAt(2).fn((x: number) => x + 1)
    expect(f(1)).toBe(2)
    expect(() => f(1)).toThrow(InjectedFailure)
    expect(f(1)).toBe(2)
    expect(() => failingAt(-1)).toThrow('failingAt(k): expected a non-negative integer, got -1')
  })
  it('failingAt(0).source fails at once', async () => {
    const run = await runScheduled(failingAt(0).source([1]), [])
    expect(run.elements).toEqual([])
    expect(run.outcome).toBe('failed')
  })
})

describe('laws', () => {
  it('map keeps the demand invariant', () => demandInvariant(Flow.create<number>().map((x) => x * 2), { input: elements(fc.integer()), numRuns: 50 }))
  it('filter is Array.filter', () =>
    equivalentTo(Flow.create<number>().filter((x) => x % 2 === 0), (xs) => xs.filter((x) => x % 2 === 0), { input: elements(fc.integer()), numRuns: 50 }))
  it('take is Array.slice', () => equivalentTo(Flow.create<number>().take(3), (xs) => xs.slice(0, 3), { input: elements(fc.integer()), numRuns: 50 }))
  it('a wrong model fails with the seed and the shrunk case', async () => {
    const err = await equivalentTo(Flow.create<number>().map((x) => x + 1), (xs) => xs, { input: elements(fc.integer(), { minLength: 1 }), numRuns: 20 }).catch((e: unknown) => e)
    expect(String(err)).toMatch(/seed/)
    expect(String(err)).toMatch(/Counterexample/)
  })
})

/** Swallows completion: the stream never ends. */
class SwallowsCompletion<T> extends LinearStage<T, T> {
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFinish(): void {}
}
/** Leaves a timer behind on every element. */
class LeaksTimer<T> extends LinearStage<T, T> {
  onPush(): void {
    this.scheduler.setTimeout(() => {}, 10_000)
    this.push(this.out, this.grab(this.in))
  }
}

describe('laws discriminate', () => {
  it('demandInvariant fails for an operator that never completes', async () => {
    const err = await demandInvariant(flowOf<number, number>('swallow', () => new SwallowsCompletion<number>()), {
      input: elements(fc.integer(), { maxLength: 3 }),
      schedule: demandSchedule({ cancel: 'never' }),
      numRuns: 10,
    }).catch((e: unknown) => e)
    expect(String(err)).toMatch(/the stream never terminated/)
  })
  it('demandInvariant fails for an operator that leaves timers behind', async () => {
    const err = await demandInvariant(flowOf<number, number>('leak', () => new LeaksTimer<number>()), {
      input: elements(fc.integer(), { minLength: 1, maxLength: 3 }),
      numRuns: 10,
    }).catch((e: unknown) => e)
    expect(String(err)).toMatch(/timer\(s\) still scheduled after the stream ended/)
  })
  it('equivalentTo reports a mismatch with the seed, the shrunk case and the difference', async () => {
    const err = await equivalentTo(Flow.create<number>().map((x) => x + 1), (xs) => xs, {
      input: elements(fc.integer(), { minLength: 1 }),
      schedule: demandSchedule({ cancel: 'always' }).filter((s) => s.some((x) => 'request' in x)),
      numRuns: 20,
    }).catch((e: unknown) => e)
    // The stream may complete before the cancel step (a one-element input): both reports name the difference.
    expect(String(err)).toMatch(/seed: -?\d+/)
    expect(String(err)).toMatch(/Got error: (after cancel, )?expected (a prefix of )?\[/)
  })
})
