import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Flow, Source } from '../../../src/index.js'
import { expand } from '../../../src/operators/buffer/expand.js'
import { extrapolate } from '../../../src/operators/buffer/extrapolate.js'
import { demandInvariant } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { checkAgainstModel, scripts, type StageModel } from '../../support/probeModel.js'
import { runTimed, timed } from '../../support/timed.js'

/** Pekko's Expand as a model: `derive(x)` is everything the stage may emit for `x`, in order. */
export class ExpandModel implements StageModel<number> {
  readonly out: number[] = []
  readonly failed = false
  private cur: number[] = []
  private expanded = true
  private pulled = true
  private demand = 0
  constructor(
    private readonly derive: (x: number) => number[],
    initial?: number,
  ) {
    if (initial !== undefined) {
      this.cur = derive(initial)
      this.expanded = false
      this.pulled = false
    }
  }
  upstreamPulled(): boolean {
    return this.pulled
  }
  send(x: number): void {
    this.pulled = false
    this.expanded = false
    this.cur = this.derive(x)
    if (this.cur.length === 0) this.pulled = true
    else if (this.demand > 0) this.onPull()
  }
  request(): void {
    this.demand++
    this.onPull()
  }
  private onPull(): void {
    while (this.demand > 0 && this.cur.length > 0) {
      if (!this.expanded) {
        this.expanded = true
        this.pulled = true
      }
      this.out.push(this.cur.shift()!)
      this.demand--
    }
  }
  drain(): number[] {
    // the first value for the last element is owed; the rest of the iterator is dropped
    return !this.expanded && this.cur.length > 0 ? [this.cur[0]!] : []
  }
}

const derived = (x: number): number[] => Array.from({ length: Math.abs(x) % 4 }, (_, k) => x * 10 + k)

describe('expand', () => {
  it('keeps the demand contract (finite and endless iterators)', async () => {
    await demandInvariant(() => expand((x: number) => derived(x)), { input: ints(), numRuns: RUNS })
    await demandInvariant(
      () =>
        expand(function* (x: number) {
          for (;;) yield x
        }),
      { input: ints(), numRuns: RUNS },
    )
  })

  it('answers from the latest element while upstream is silent, and lets a new element win (model)', () =>
    fc.assert(
      fc.asyncProperty(scripts(), (script) => checkAgainstModel(expand((x: number) => derived(x)), new ExpandModel(derived), script)),
      { numRuns: RUNS },
    ))

  it('repeats the latest element for a downstream faster than upstream, switching as soon as a new one is pulled', async () => {
    const endless = function* (x: number) {
      for (;;) yield x
    }
    const run = await runTimed(timed([[0, 1], [10, 2]], { at: 20 }).expand(endless), { pullDelays: [0, ...Array<number>(20).fill(3)] })
    expect(run.out).toEqual([[0, 1], [3, 1], [6, 1], [9, 1], [12, 2], [15, 2], [18, 2]])
    expect(run.end).toEqual({ at: 20, kind: 'complete' })
    expect(run.pendingTimers).toBe(0)
  })

  it('rejects a bad argument, and fails when f returns no iterator', async () => {
    expectBuildError(() => expand(3 as never), TypeError, 'expand(f): expected a function, got 3')
    const err = await Source.single(1).expand(() => 5 as never).runCollect().catch((e: unknown) => e)
    expect(String(err)).toBe('TypeError: expand: the function must return an Iterable or an Iterator, got number')
  })

  it('completes an empty stream, and after the first value of the last element', async () => {
    expect(await Source.empty<number>().expand((x) => [x]).runCollect()).toEqual([])
    const [src, sink] = probeFlow(Flow.create<number>().expand((x) => [x, x + 1, x + 2]))
    src.sendNext(1).sendComplete()
    await sink.expectNoMessage(10)
    sink.request(5)
    await sink.expectNext(1)
    await sink.expectComplete()
  })

  it('fails when f or its iterator throws, and with an upstream failure', async () => {
    const boom = new Error('boom')
    expect(await Source.single(1).expand(() => { throw boom }).runCollect().catch((e: unknown) => e)).toBe(boom)
    const [src, sink] = probeFlow(
      Flow.create<number>().expand(function* () {
        yield 1
        throw boom
      }),
    )
    src.sendNext(1)
    sink.request(3)
    await sink.expectNext(1)
    expect(await sink.expectError()).toBe(boom)
    expect(await Source.failed<number>(boom).expand((x) => [x]).runCollect().catch((e: unknown) => e)).toBe(boom)
  })

  it('cancels upstream when downstream cancels', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().expand((x) => [x]))
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => expand((x: number) => [x, x]), [1, 2, 3]))
})

describe('extrapolate', () => {
  const more = (x: number): number[] => Array.from({ length: Math.abs(x) % 3 }, (_, k) => x * 10 + k + 1)

  it('keeps the demand contract', () => demandInvariant(() => extrapolate((x: number) => more(x), 7), { input: ints(), numRuns: RUNS }))

  it('passes every element on and extrapolates only while upstream is silent (model)', () =>
    fc.assert(
      fc.asyncProperty(scripts(), fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }), (script, initial) =>
        checkAgainstModel(extrapolate((x: number) => more(x), initial), new ExpandModel((x) => [x, ...more(x)], initial), script),
      ),
      { numRuns: RUNS },
    ))

  it('calls f only when an extrapolated value is needed', async () => {
    let calls = 0
    const out = await Source.from([1, 2, 3]).extrapolate((x) => (calls++, [x])).runCollect()
    expect(out.slice(-1)).toEqual([3])
    expect(calls).toBeLessThanOrEqual(out.length)
  })

  it('emits the initial element first', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().extrapolate((x) => [x], 0))
    sink.request(1)
    await sink.expectNext(0)
    await src.expectRequest()
    src.sendNext(5).sendComplete()
    sink.request(1)
    await sink.expectNext(5)
    await sink.expectComplete()
  })

  it('rejects a bad argument', () => {
    expectBuildError(() => extrapolate(null as never), TypeError, 'extrapolate(f): expected a function, got null')
  })

  it('leaves nothing behind after completion, failure and cancel', () => flowCleanup(() => extrapolate((x: number) => [x]), [1, 2, 3]))
})
