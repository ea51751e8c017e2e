/**
 * Helpers for the tests of the async, time and buffer families (issue 4): a source that emits at
 * given virtual times, a sink that records when things arrived, and a run loop on the virtual
 * clock. Built on the stage API, like the testkit.
 */
import fc from 'fast-check'
import type { SourceGraph } from '../../src/core/Graph.js'
import { sinkOf, sourceOf } from '../../src/core/Graph.js'
import { flushMicrotasks, VirtualScheduler } from '../../src/core/Scheduler.js'
import { SinkStage, SourceStage } from '../../src/core/StageLogic.js'
import { Source } from '../../src/index.js'

/** What a {@link timed} source saw from downstream. */
export interface TimedHandle {
  /** Times (virtual ms) at which downstream pulled. */
  readonly pulls: number[]
  /** Time of the cancel, if any. */
  readonly cancelledAt: number | undefined
}

/** How a timed source ends: complete (or fail with `error`) at `at`, after its elements. */
export interface TimedEnd {
  readonly at: number
  readonly error?: unknown
}

/**
 * A source that makes element `value` available at virtual time `at` (sorted by time) and ends at
 * `end.at` (never, when `end` is null). An element that is due while downstream has not pulled
 * waits, in order, until it does; the end waits for the elements before it.
 */
export function timed<T>(items: readonly (readonly [number, T])[], end: TimedEnd | null = { at: Infinity }): Source<T, TimedHandle> {
  return new Source(sourceOf<T, TimedHandle>('timed', () => new TimedSource<T>(items, end)).module)
}

class TimedSource<T> extends SourceStage<T> {
  private next = 0
  private readonly ready: T[] = []
  private ended = false
  private readonly handle: { pulls: number[]; cancelledAt: number | undefined } = { pulls: [], cancelledAt: undefined }
  constructor(
    private readonly items: readonly (readonly [number, T])[],
    private readonly end: TimedEnd | null,
  ) {
    super()
    this.mat = this.handle
  }
  override preStart(): void {
    this.schedule()
  }
  private schedule(): void {
    const now = this.scheduler.now()
    const item = this.items[this.next]
    if (item !== undefined) this.scheduleOnce('next', Math.max(0, item[0] - now))
    else if (this.end !== null && this.end.at !== Infinity && !this.ended) this.scheduleOnce('end', Math.max(0, this.end.at - now))
  }
  override onTimer(key: unknown): void {
    const now = this.scheduler.now()
    if (key === 'end') this.ended = true
    while (this.next < this.items.length && this.items[this.next]![0] <= now) this.ready.push(this.items[this.next++]![1])
    this.flush()
    if (!this.isStopped) this.schedule()
  }
  private flush(): void {
    if (this.ready.length > 0 && this.isAvailable(this.out)) this.push(this.out, this.ready.shift()!)
    if (this.ended && this.ready.length === 0 && this.next >= this.items.length) {
      if (this.end!.error !== undefined) this.failStage(this.end!.error)
      else this.completeStage()
    }
  }
  onPull(): void {
    this.handle.pulls.push(this.scheduler.now())
    this.flush()
  }
  override onDownstreamFinish(): void {
    this.handle.cancelledAt = this.scheduler.now()
    this.completeStage()
  }
}

/** What {@link runTimed} recorded. */
export interface TimedResult<T, M> {
  /** `[time, element]` for each element received. */
  readonly out: [number, T][]
  readonly elements: T[]
  /** How and when the stream ended (undefined: still running at `until`). */
  readonly end: { readonly at: number; readonly kind: 'complete' | 'error'; readonly error?: unknown } | undefined
  /** Times at which the sink pulled. */
  readonly pulls: number[]
  readonly mat: M
  readonly scheduler: VirtualScheduler
  /** Timers still scheduled after the run. */
  readonly pendingTimers: number
}

/** Options of {@link runTimed}. */
export interface RunTimedOptions {
  /** Stop looking at this virtual time (default 100,000 ms); cancel the stream if it is still running. */
  readonly until?: number
  /** Before the i-th pull (counting from 0), wait this many virtual ms (default 0: pull at once). */
  readonly pullDelays?: readonly number[]
  /** Cancel after this many elements. */
  readonly cancelAfter?: number
  readonly scheduler?: VirtualScheduler
}

/**
 * Runs `source` on a virtual clock into a sink that pulls as told (at once by default), firing
 * timers until the stream ends or `until`, and records what arrived when.
 */
export async function runTimed<T, M>(source: SourceGraph<T, M>, options: RunTimedOptions = {}): Promise<TimedResult<T, M>> {
  const scheduler = options.scheduler ?? new VirtualScheduler()
  const until = options.until ?? 100_000
  let sink: RecordingSink<T> | null = null
  const mat = Source.fromGraph(source).toMat(
    sinkOf<T, void>('record', () => (sink = new RecordingSink<T>(options.pullDelays ?? [], options.cancelAfter ?? Infinity))),
    (l) => l,
  ).run({ scheduler, onUnhandledError: (e) => { throw e } })
  const s = sink as unknown as RecordingSink<T>
  await flushMicrotasks()
  for (;;) {
    if (s.end !== undefined || s.cancelled) break
    const due = scheduler.nextDue()
    if (due === undefined || due > until) break
    await scheduler.advanceTo(due)
    await flushMicrotasks()
  }
  if (s.end === undefined && !s.cancelled) {
    await scheduler.advanceTo(until)
    s.cancelNow()
    await flushMicrotasks()
  }
  return {
    out: s.out,
    elements: s.out.map(([, x]) => x),
    end: s.end,
    pulls: s.pulls,
    mat: mat as M,
    scheduler,
    pendingTimers: scheduler.pendingTimers,
  }
}

class RecordingSink<T> extends SinkStage<T> {
  readonly out: [number, T][] = []
  readonly pulls: number[] = []
  end: { at: number; kind: 'complete' | 'error'; error?: unknown } | undefined = undefined
  cancelled = false
  readonly cancelNow = this.getAsyncCallback<void>(() => {
    this.cancelled = true
    this.cancel(this.in)
  })
  constructor(
    private readonly delays: readonly number[],
    private readonly cancelAfter: number,
  ) {
    super()
  }
  override preStart(): void {
    this.schedulePull()
  }
  private schedulePull(): void {
    const d = this.delays[this.pulls.length] ?? 0
    if (d > 0) this.scheduleOnce('pull', d)
    else this.doPull()
  }
  private doPull(): void {
    this.pulls.push(this.scheduler.now())
    this.pull(this.in)
  }
  override onTimer(): void {
    this.doPull()
  }
  onPush(): void {
    this.out.push([this.scheduler.now(), this.grab(this.in)])
    if (this.out.length >= this.cancelAfter) {
      this.cancelled = true
      this.cancel(this.in)
    } else this.schedulePull()
  }
  override onUpstreamFinish(): void {
    this.end = { at: this.scheduler.now(), kind: 'complete' }
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.end = { at: this.scheduler.now(), kind: 'error', error }
    this.failStage(error)
  }
}

/**
 * Random arrival schedules: `[time, value]` pairs with non-decreasing integer times (gaps of 0 to
 * `maxGap`, often 0 so that bursts happen), values 0, 1, 2, ...
 */
export function arrivals(options: { readonly maxLength?: number; readonly maxGap?: number } = {}): fc.Arbitrary<[number, number][]> {
  const gap = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: options.maxGap ?? 20 }), weight: 3 })
  return fc.array(gap, { maxLength: options.maxLength ?? 20 }).map((gaps) => {
    let t = 0
    return gaps.map((g, i): [number, number] => [(t += g), i])
  })
}

/** A Promise with its settle functions, for tests that decide when a call completes. */
export interface Deferred<T> {
  readonly promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
