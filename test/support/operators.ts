/**
 * Helpers shared by the operator tests of issue 2 (test/operators/{simple,source,sink}). They sit
 * on top of the public testkit (src/testkit) and add only what those tests repeat: the exact
 * build-time error check, a probe pair around a flow, sources that record what happened to them
 * (pulls, cancellation, iterator finalization) and the cleanup checks of STYLE.md's part 4.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { Keep, Source } from '../../src/index.js'
import type { FlowGraph, SinkGraph, SourceGraph } from '../../src/core/Graph.js'
import { sourceOf } from '../../src/core/Graph.js'
import { VirtualScheduler } from '../../src/core/Scheduler.js'
import { SourceStage } from '../../src/core/StageLogic.js'
import {
  demandSchedule,
  elements,
  runScheduled,
  TestSink,
  TestSource,
  type DemandStep,
  type ProbeOptions,
  type ScheduledRun,
  type SinkProbe,
  type SourceProbe,
} from '../../src/testkit/index.js'
import { macrotask } from './macrotask.js'

/** Property runs per law: small, so the whole suite stays fast. */
export const RUNS = 50

/** Small lists of small integers, the default input of the properties. */
export const ints = (maxLength = 20): fc.Arbitrary<number[]> => elements(fc.integer({ min: -50, max: 50 }), { maxLength })

/** Asserts that `build` throws an instance of `type` with exactly `message`. */
export function expectBuildError(build: () => unknown, type: new (...args: never[]) => Error, message: string): void {
  let thrown: unknown = undefined
  try {
    build()
  } catch (e) {
    thrown = e
  }
  expect(thrown, `expected ${type.name}: ${message}`).toBeInstanceOf(type)
  expect((thrown as Error).message).toBe(message)
}

/** Runs `flow` between a source probe and a sink probe. */
export function probeFlow<In, Out>(flow: FlowGraph<In, Out, unknown>, scheduler?: VirtualScheduler): [SourceProbe<In>, SinkProbe<Out>] {
  return TestSource.probe<In>()
    .via(flow)
    .toMat(TestSink.probe<Out>(), Keep.both)
    .run(scheduler === undefined ? {} : { scheduler })
}

/** Runs `source` into a sink probe (on `options.scheduler` when given; `timeoutMs` bounds each expectation). */
export function probeSource<T>(source: SourceGraph<T, unknown>, options: ProbeOptions = {}): SinkProbe<T> {
  return Source.fromGraph(source).runWith(TestSink.probe<T>(options), options.scheduler === undefined ? {} : { scheduler: options.scheduler })
}

/** Runs a source probe into `sink`; returns the probe and the sink's materialized value. */
export function probeSink<T, M>(sink: SinkGraph<T, M>, scheduler?: VirtualScheduler): [SourceProbe<T>, M] {
  return TestSource.probe<T>()
    .toMat(sink, Keep.both)
    .run(scheduler === undefined ? {} : { scheduler })
}

/** What a {@link tracked} source saw. */
export interface Tracking {
  /** True once the generator's body began (a generator that never started has nothing to release). */
  readonly started: boolean
  /** Elements emitted so far. */
  readonly emitted: number
  /** True once the iterator was finalized: `return()` called (cancel) or exhausted or failed. */
  readonly finalized: boolean
  /** True once the generator's `finally` block ran. */
  readonly finallyRan: boolean
}

/**
 * A source over a generator of `elements` (then failing with `failure`, when given) whose
 * `finally` block records that it ran: how the cleanup checks see that the iterator was released.
 * Each run gets a fresh generator.
 */
export function tracked<T>(elements: readonly T[], failure?: unknown): { source: Source<T>; tracking: Tracking } {
  const tracking = { started: false, emitted: 0, finalized: false, finallyRan: false }
  function* gen(): Generator<T> {
    tracking.started = true
    try {
      for (const x of elements) {
        tracking.emitted++
        yield x
      }
      if (failure !== undefined) throw failure
    } finally {
      tracking.finallyRan = true
      tracking.finalized = true
    }
  }
  return { source: Source.fromIterable({ [Symbol.iterator]: gen }), tracking }
}

/** An endless generator source (0, 1, 2, ...) whose `finally` records that it ran. */
export function trackedEndless(): { source: Source<number>; tracking: Tracking } {
  return trackedCycle(Array.from({ length: 1000 }, (_, i) => i))
}

/** An endless generator source cycling through `elements` (not empty), whose `finally` records that it ran. */
export function trackedCycle<T>(elements: readonly T[]): { source: Source<T>; tracking: Tracking } {
  if (elements.length === 0) throw new RangeError('trackedCycle(elements): expected at least one element')
  const tracking = { started: false, emitted: 0, finalized: false, finallyRan: false }
  function* gen(): Generator<T> {
    tracking.started = true
    try {
      for (let i = 0; ; i = (i + 1) % elements.length) {
        tracking.emitted++
        yield elements[i]!
      }
    } finally {
      tracking.finallyRan = true
      tracking.finalized = true
    }
  }
  return { source: Source.fromIterable({ [Symbol.iterator]: gen }), tracking }
}

/** The generator was released: it never started, or its `finally` ran. */
export function expectReleased(tracking: Tracking): void {
  expect(tracking.started && !tracking.finallyRan, 'the generator started and its finally block never ran').toBe(false)
}

/** A run ended cleanly: no protocol violation, no stage left running, no timer left scheduled. */
export function expectClean(run: ScheduledRun<unknown>, outcome?: ScheduledRun<unknown>['outcome']): void {
  expect(run.violations).toEqual([])
  expect(run.outcome).not.toBe('stalled')
  if (outcome !== undefined) expect(run.outcome).toBe(outcome)
  expect(run.pendingTimers).toBe(0)
}

/**
 * STYLE.md part 4 for a flow: after completion, after an upstream failure and after a cancel,
 * no protocol violation, every stage stopped, no timer pending, and the upstream generator's
 * `finally` ran. `input` should be long enough for one element to pass before the cancel.
 */
export async function flowCleanup<In, Out>(make: () => FlowGraph<In, Out, unknown>, input: readonly In[]): Promise<void> {
  // completion (the flow may also end the stream early, as take does)
  const done = tracked(input)
  const completed = await runScheduled(done.source.via(make()), [{ request: 1e6 }])
  expectClean(completed)
  expectReleased(done.tracking)

  // failure from upstream
  const boom = new Error('upstream failed')
  const failing = tracked(input, boom)
  const failed = await runScheduled(failing.source.via(make()), [{ request: 1e6 }])
  expectClean(failed)
  expectReleased(failing.tracking)

  // cancel from downstream after a request or two, upstream endless
  for (const n of [1, 2]) {
    const endless = trackedCycle(input)
    const cancelled = await runScheduled(endless.source.via(make()), [{ request: n }, { cancel: true }])
    expectClean(cancelled)
    expectReleased(endless.tracking)
  }
}

/**
 * The demand property for a source: under random demand scripts it never emits more than was
 * requested, terminates exactly once, sends nothing after cancel, stops every stage and leaves
 * no timer behind; `check` adds the model comparison.
 */
export async function sourceDemandLaw<T>(
  make: () => SourceGraph<T, unknown>,
  check: (run: ScheduledRun<T>, schedule: readonly DemandStep[]) => void = () => {},
  options: { readonly numRuns?: number; readonly mayStall?: boolean; readonly schedule?: fc.Arbitrary<DemandStep[]> } = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(options.schedule ?? demandSchedule(), async (schedule) => {
      const run = await runScheduled(make(), schedule)
      expect(run.violations).toEqual([])
      if (options.mayStall !== true) expect(run.outcome).not.toBe('stalled')
      if (run.outcome !== 'stalled') expect(run.pendingTimers).toBe(0)
      if (run.outcome === 'cancelled') expect(schedule.some((s) => 'cancel' in s)).toBe(true)
      check(run, schedule)
    }),
    { numRuns: options.numRuns ?? RUNS },
  )
}

/** Elements of a completed run must equal `expected`; of a cancelled run, be a prefix of it. */
export function expectModel<T>(run: ScheduledRun<T>, expected: readonly T[]): void {
  if (run.outcome === 'completed') expect(run.elements).toEqual(expected)
  else if (run.outcome === 'cancelled') expect(run.elements).toEqual(expected.slice(0, run.elements.length))
  else throw new Error(`expected the stream to complete or be cancelled, but it ${run.outcome} (${String(run.error)})`)
}

/**
 * How a supplier behaves for a sink's demand property: for each element, the virtual delay
 * before it is available once pulled; then how the stream ends.
 */
export interface Supply<T> {
  readonly elements: T[]
  readonly delays: number[]
  readonly end: 'complete' | 'fail'
}

/** Random supplies: elements from `arb`, random delays (0 most often), and a random end. */
export function supplies<T>(arb: fc.Arbitrary<T[]>): fc.Arbitrary<Supply<T>> {
  return arb.chain((xs) =>
    fc.record({
      elements: fc.constant(xs),
      delays: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 50 }), weight: 1 }), {
        minLength: xs.length + 1,
        maxLength: xs.length + 1,
      }),
      end: fc.constantFrom<'complete' | 'fail'>('complete', 'complete', 'fail'),
    }),
  )
}

/** What a {@link SupplySource} saw of the sink's demand. */
export interface SupplyStats {
  pulls: number
  pushes: number
  /** Most pulls that were outstanding at once (a stage may only pull once per push: 1). */
  maxOutstanding: number
  cancelled: boolean
  stopped: boolean
  violations: string[]
}

/** The error a failing supply ends with. */
export class SupplyFailure extends Error {
  override readonly name = 'SupplyFailure'
}

class SupplySource<T> extends SourceStage<T> {
  private i = 0
  constructor(
    private readonly supply: Supply<T>,
    private readonly error: SupplyFailure,
    private readonly stats: SupplyStats,
  ) {
    super()
  }
  onPull(): void {
    this.stats.pulls++
    this.stats.maxOutstanding = Math.max(this.stats.maxOutstanding, this.stats.pulls - this.stats.pushes)
    const delay = this.supply.delays[this.i] ?? 0
    if (delay > 0) this.scheduleOnce('next', delay)
    else this.onTimer()
  }
  override onTimer(): void {
    if (this.i < this.supply.elements.length) {
      this.stats.pushes++
      this.push(this.out, this.supply.elements[this.i++]!)
    } else if (this.supply.end === 'complete') this.completeStage()
    else this.failStage(this.error)
  }
  override onDownstreamFinish(): void {
    this.stats.cancelled = true
    this.completeStage()
  }
  override postStop(): void {
    this.stats.stopped = true
  }
}

/**
 * Runs a source that follows `supply` into `sink` on a virtual clock, fires timers until the
 * sink's Promise settles, and returns the outcome and what the source saw.
 */
export async function runSupply<T, R>(
  sink: SinkGraph<T, Promise<R>>,
  supply: Supply<T>,
): Promise<{ outcome: 'resolved' | 'rejected'; value: R | undefined; error: unknown; stats: SupplyStats; pendingTimers: number; settledCount: number }> {
  const scheduler = new VirtualScheduler()
  const stats: SupplyStats = { pulls: 0, pushes: 0, maxOutstanding: 0, cancelled: false, stopped: false, violations: [] }
  const error = new SupplyFailure('supply failed')
  const unhandled: unknown[] = []
  const promise = Source.fromGraph(sourceOf<T>('supply', () => new SupplySource<T>(supply, error, stats))).runWith(sink, {
    scheduler,
    onUnhandledError: (e) => unhandled.push(e),
  })
  let settledCount = 0
  let outcome: 'resolved' | 'rejected' | undefined
  let value: R | undefined
  let failure: unknown
  promise.then(
    (v) => {
      settledCount++
      outcome = 'resolved'
      value = v
    },
    (e: unknown) => {
      settledCount++
      outcome = 'rejected'
      failure = e
    },
  )
  for (let i = 0; i < 10_000 && outcome === undefined; i++) {
    await macrotask()
    const due = scheduler.nextDue()
    if (due !== undefined) await scheduler.advanceTo(due)
    else if (i > 20) break
  }
  await scheduler.advance(0)
  await macrotask()
  for (const e of unhandled) stats.violations.push(`unhandled: ${String(e)}`)
  if (outcome === undefined) throw new Error('runSupply: the sink never settled')
  return { outcome, value, error: failure, stats, pendingTimers: scheduler.pendingTimers, settledCount }
}

/** What a sink's materialized Promise should do for a given supply. */
export type SinkExpectation<R> = { readonly resolves: R } | { readonly rejects: (error: unknown) => boolean }

/**
 * The demand property for a Promise-materializing sink: whatever the supply (elements arriving
 * at random virtual times, then completion or failure), the sink has at most one pull
 * outstanding, its Promise settles exactly once as `model` says, the source is stopped and no
 * timer is left.
 */
export async function sinkDemandLaw<T, R>(
  make: () => SinkGraph<T, Promise<R>>,
  model: (supply: Supply<T>) => SinkExpectation<R>,
  options: { readonly input?: fc.Arbitrary<T[]>; readonly numRuns?: number } = {},
): Promise<void> {
  const input = options.input ?? (ints() as unknown as fc.Arbitrary<T[]>)
  await fc.assert(
    fc.asyncProperty(supplies(input), async (supply) => {
      const r = await runSupply(make(), supply)
      expect(r.stats.violations).toEqual([])
      expect(r.stats.maxOutstanding).toBeLessThanOrEqual(1)
      expect(r.stats.pushes).toBeLessThanOrEqual(r.stats.pulls)
      expect(r.settledCount).toBe(1)
      expect(r.stats.stopped).toBe(true)
      expect(r.pendingTimers).toBe(0)
      const want = model(supply)
      if ('resolves' in want) {
        expect(r.outcome, `rejected with ${String(r.error)}`).toBe('resolved')
        expect(r.value).toEqual(want.resolves)
      } else {
        expect(r.outcome).toBe('rejected')
        expect(want.rejects(r.error), `unexpected error ${String(r.error)}`).toBe(true)
      }
    }),
    { numRuns: options.numRuns ?? RUNS },
  )
}

/** The supply failed (its SupplyFailure reached the sink). */
export const supplyFailed = (error: unknown): boolean => error instanceof SupplyFailure
